// A task upload (file content for a download, an index) is paced by the engine's reader: while the
// engine reads nothing, the agent pulls only what the socket buffers hold from its producer
// (restic), instead of reading the whole file into memory.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { spawn } from "node:child_process";
import { Transform } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_API_PREFIX } from "@lifeboat/agent-protocol";
import { createEngineClient } from "../src/engine-client.ts";

const MiB = 1024 * 1024;
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A child process writing zeros into a pipe (as restic dump does), counting what was read from it. */
function producer() {
  const child = spawn("head", ["-c", String(1024 * MiB), "/dev/zero"], { stdio: ["ignore", "pipe", "ignore"] });
  const counter = Object.assign(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        counter.pulled += chunk.length;
        done(null, chunk);
      },
    }),
    { pulled: 0 },
  );
  child.stdout.pipe(counter);
  counter.on("close", () => child.kill());
  return counter;
}

describe("streamed uploads to the engine", () => {
  it("pull from the producer only as fast as the engine reads, and stop it when the engine refuses", async () => {
    const body = producer();
    let received = 0;
    let maxInFlight = 0;
    server = http.createServer((req, res) => {
      // A slow engine: it takes 64 MiB, pausing after every chunk, then refuses the rest (as it
      // does when the client that asked for the download went away).
      let refused = false;
      req.on("data", (c: Buffer) => {
        if (refused) return; // chunks already buffered when it refused
        received += c.length;
        maxInFlight = Math.max(maxInFlight, body.pulled - received);
        if (received >= 64 * MiB) {
          refused = true;
          res.writeHead(409, { "content-type": "application/json" }).end(JSON.stringify({ message: "download no longer wanted" }));
          req.destroy();
          return;
        }
        req.pause();
        setTimeout(() => req.resume(), 2);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
    const client = createEngineClient({ engineUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    expect(AGENT_API_PREFIX).toMatch(/^\//);

    await expect(client.uploadTaskStream("token", "task-1", "content", body, "application/octet-stream")).rejects.toMatchObject({ kind: "conflict" });
    expect(received).toBeGreaterThanOrEqual(64 * MiB);
    // What was pulled from the producer but not yet read by the engine stays within the socket
    // and stream buffers (a few MiB), however much faster the producer is than the reader.
    expect(maxInFlight).toBeLessThan(16 * MiB);
    expect(body.destroyed).toBe(true); // the producer (restic) is stopped, not left writing to nobody
  }, 60_000);
});
