// Test fixture: a plain node:http server that mounts serveRestRequest at /repos/<id>/ and maps
// basic-auth users to access levels — the part the engine plays in production (authentication,
// choosing the repository). Real restic talks to it over HTTP.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { createLocalStorage, sendError, serveRestRequest, type AccessLevel, type GatewayHooks, type ObjectStorage } from "../src/index.ts";

const run = promisify(execFile);

export interface TestGateway {
  url: string;
  /** `rest:` location of a repository for a user. */
  location(repoId: string, user: string): string;
  close(): Promise<void>;
}

export function startGateway(
  repos: Record<string, { storage: ObjectStorage; users: Record<string, AccessLevel> }>,
  hooks?: GatewayHooks,
): Promise<TestGateway> {
  const server = http.createServer((req, res) => {
    // The raw path, as sent: a URL parser would resolve `..` before the gateway could refuse it.
    const rawPath = (req.url ?? "/").split("?")[0]!;
    const m = /^\/repos\/([a-z0-9-]+)(\/.*)?$/.exec(rawPath);
    const repo = m ? repos[m[1]!] : undefined;
    if (!m || !repo) return sendError(res, 404, "no such repository", { close: true });
    const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
    const user = auth ? Buffer.from(auth[1]!, "base64").toString().split(":")[0]! : "";
    const access = repo.users[user];
    if (!access) return sendError(res, 401, "unknown user", { close: true });
    void serveRestRequest(req, res, { storage: repo.storage, access, path: m[2] ?? "", hooks });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        location: (repoId, user) => `rest:http://${user}:pw@127.0.0.1:${(server.address() as AddressInfo).port}/repos/${repoId}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export const PASSWORD = "repository-password-for-tests";

/** Runs restic with a repository location; resolves with stdout, rejects with stderr in the message. */
export async function restic(location: string, args: string[], cacheDir: string, env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await run("restic", ["--cache-dir", cacheDir, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), RESTIC_REPOSITORY: location, RESTIC_PASSWORD: PASSWORD, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`restic ${args[0]} failed: ${e.stderr ?? e.message}`);
  }
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `lifeboat-gw-${prefix}-`));
}

/** A small data set: `files` random files of `size` bytes each in a few folders. */
export async function makeData(dir: string, files: number, size: number): Promise<void> {
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, `d${i % 4}`);
    await mkdir(sub, { recursive: true });
    await writeFile(path.join(sub, `f${i}.bin`), randomBytes(size));
  }
}

export { createLocalStorage, rm };
