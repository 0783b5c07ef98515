import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOperationClient } from "./bind.ts";
import { MAX_CHUNK_BYTES } from "./download.ts";
import { UpstreamError } from "./errors.ts";
import { sendJson, startRecordingServer, type RecordingServer } from "./testing/recording-server.ts";
import { testOperations } from "./testing/test-operations.ts";
import type { UpstreamClientConfig } from "./transport.ts";

// 20 MiB + 123 bytes: three ranged requests at the 8 MiB maximum.
const FILE = randomBytes(2 * MAX_CHUNK_BYTES + 4 * 1024 * 1024 + 123);
const sha = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

let server: RecordingServer;
beforeEach(async () => {
  server = await startRecordingServer((req, res) => {
    if (req.path === "/v2/data-protect/agents/download") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(FILE.subarray(0, 1000));
      return;
    }
    if (req.path !== "/v2/data-protect/recoveries/9:9:9/download-files") {
      return sendJson(res, 404, { errorCode: "NotFound", message: "no such recovery" });
    }
    const start = Number(req.query.get("startOffset") ?? 0);
    const length = Number(req.query.get("length") ?? FILE.length);
    // The service caps a chunk at 8 MiB (§Q 6); a bigger ask is an error, not a bigger chunk.
    if (length > MAX_CHUNK_BYTES) return sendJson(res, 400, { errorCode: "InvalidLength", message: "length over 8 MiB" });
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.end(FILE.subarray(start, start + length));
  });
});
afterEach(async () => {
  await server.close();
});

function client(overrides: Partial<UpstreamClientConfig> = {}) {
  return createOperationClient(testOperations, {
    serviceUrl: `${server.url}/v2`,
    tenantId: "t/",
    auth: { type: "none" },
    ...overrides,
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ data: Buffer; chunks: number[] }> {
  const chunks: number[] = [];
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk.length);
    parts.push(chunk);
  }
  return { data: Buffer.concat(parts), chunks };
}

describe("ranged downloads", () => {
  it("streams the whole file in chunks of at most 8 MiB with identical bytes", async () => {
    const stream = await client().downloadFile({ pathParams: { id: "9:9:9" }, query: { fileType: "success_files_list" } });
    const { data, chunks } = await readAll(stream);
    expect(sha(data)).toBe(sha(FILE));
    expect(Math.max(...chunks)).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    const ranges = server.requests.map((r) => [Number(r.query.get("startOffset")), Number(r.query.get("length"))]);
    expect(ranges).toEqual([
      [0, MAX_CHUNK_BYTES],
      [MAX_CHUNK_BYTES, MAX_CHUNK_BYTES],
      [2 * MAX_CHUNK_BYTES, MAX_CHUNK_BYTES],
    ]);
    expect(server.requests.every((r) => r.query.get("fileType") === "success_files_list")).toBe(true);
  });

  it("fetches lazily: one request before the first read, the next only when read", async () => {
    const stream = await client({ downloadChunkBytes: 1024 * 1024 }).downloadFile({ pathParams: { id: "9:9:9" } });
    expect(server.requests).toHaveLength(1);
    const reader = stream.getReader();
    await reader.read();
    expect(server.requests).toHaveLength(1);
    await reader.read();
    expect(server.requests).toHaveLength(2);
    await reader.cancel();
  });

  it("serves a byte range given by startOffset and length", async () => {
    const start = MAX_CHUNK_BYTES - 10;
    const stream = await client({ downloadChunkBytes: 4096 }).downloadFile({
      pathParams: { id: "9:9:9" },
      query: { startOffset: start, length: 10_000 },
    });
    const { data, chunks } = await readAll(stream);
    expect(Buffer.compare(data, FILE.subarray(start, start + 10_000))).toBe(0);
    expect(chunks).toEqual([4096, 4096, 1808]);
  });

  it("retries a chunk that fails transiently and fails the stream on a lasting error", async () => {
    const chunk = 1024 * 1024;
    let failures = 0;
    const failing = (status: number, times: number) =>
      server.setHandler((req, res) => {
        const start = Number(req.query.get("startOffset"));
        if (start === chunk && failures < times) {
          failures++;
          return sendJson(res, status, { errorCode: "Busy", message: `chunk failed with ${status}` });
        }
        res.writeHead(200).end(FILE.subarray(start, start + Number(req.query.get("length"))));
      });
    failing(503, 1);
    const fast = client({ downloadChunkBytes: chunk, retry: { baseDelayMs: 5 } });
    const { data } = await readAll(await fast.downloadFile({ pathParams: { id: "9:9:9" }, query: { length: 3 * chunk } }));
    expect(Buffer.compare(data, FILE.subarray(0, 3 * chunk))).toBe(0);
    expect(failures).toBe(1);

    failures = 0;
    failing(404, 100);
    const stream = await fast.downloadFile({ pathParams: { id: "9:9:9" } });
    const error = await readAll(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 404, message: "chunk failed with 404" });
  });

  it("rejects the call itself when the file is missing", async () => {
    const error = await client().downloadFile({ pathParams: { id: "1:1:1" } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 404, message: "no such recovery" });
  });

  it("refuses a chunk size over 8 MiB", () => {
    expect(() => client({ downloadChunkBytes: MAX_CHUNK_BYTES + 1 })).toThrow(/8 MiB/);
  });
});

describe("unranged binary", () => {
  it("streams the agent package body", async () => {
    const stream = await client().downloadPackage({ body: { platform: "kLinux" } });
    const { data } = await readAll(stream);
    expect(Buffer.compare(data, FILE.subarray(0, 1000))).toBe(0);
    expect(server.requests[0]?.headers["accept"]).toContain("application/octet-stream");
  });
});
