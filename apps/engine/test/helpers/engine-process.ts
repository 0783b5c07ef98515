// Starts the real engine process (`tsx src/main.ts`) on a free port with its own test database,
// and hands out clients of @lifeboat/upstream bound to it. One engine per test file.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "@lifeboat/postgres";
import { createUpstreamClient, type UpstreamClient } from "@lifeboat/upstream";

export const engineDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const repoRoot = path.resolve(engineDir, "../..");
export const tsxBin = path.join(repoRoot, "node_modules/.bin/tsx");

export interface EngineProcess {
  url: string;
  databaseUrl: string;
  tempDir: string;
  bootstrap: { tenantId: string; apiKey: string };
  /** Everything the engine wrote so far (stdout + stderr). */
  output(): string;
  client(tenantId?: string, apiKey?: string): UpstreamClient;
  /** A second tenant with its own API key, created directly in the engine's database. */
  addTenant(tenantId: string, apiKey: string): Promise<void>;
  /** Stops the process (SIGTERM) and starts a new one on the same database (new port), `env` changed. */
  restart(env?: Record<string, string>): Promise<void>;
  /** Another engine process on the same database (several engines share one database). */
  startPeer(): Promise<{ url: string; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

export async function startEngineProcess(env: Record<string, string> = {}): Promise<EngineProcess> {
  const db: TestDatabase = await createTestDatabase("engine_test");
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-engine-test-"));
  const bootstrap = { tenantId: "tenant-a/", apiKey: `test-key-a-${createHash("sha256").update(tempDir).digest("hex")}` };
  const baseEnv = {
    ...process.env,
    ENGINE_DATABASE_URL: db.url,
    ENGINE_PORT: "0",
    ENGINE_HOST: "127.0.0.1",
    ENGINE_DATA_DIR: tempDir,
    ENGINE_AGENT_PACKAGE_DIR: path.join(tempDir, "no-agent-package"),
    ENGINE_BOOTSTRAP_API_KEY: bootstrap.apiKey,
    ENGINE_BOOTSTRAP_TENANT_ID: bootstrap.tenantId,
    ENGINE_HEARTBEAT_INTERVAL_SECS: "1",
    ENGINE_LOG_LEVEL: "warn",
    ...env,
  };
  let output = "";
  let running = await spawnEngine(baseEnv, (text) => (output += text));

  return {
    get url() {
      return running.url;
    },
    databaseUrl: db.url,
    tempDir,
    bootstrap,
    output: () => output,
    client(tenantId = bootstrap.tenantId, apiKey = bootstrap.apiKey) {
      return createUpstreamClient({
        serviceUrl: `${running.url}/v2`,
        tenantId,
        auth: { type: "iam", apiKey, tokenUrl: `${running.url}/identity/token` },
        retry: false,
      });
    },
    async addTenant(tenantId, apiKey) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await client.query(`INSERT INTO "Tenant" (id) VALUES ($1) ON CONFLICT DO NOTHING`, [tenantId]);
        await client.query(`INSERT INTO "ApiKey" (id, "tenantId", name, "keyHash") VALUES ($1, $2, 'test', $3)`, [
          `key-${tenantId}`,
          tenantId,
          createHash("sha256").update(apiKey).digest("hex"),
        ]);
      } finally {
        await client.end();
      }
    },
    startPeer: () => spawnEngine(baseEnv, (text) => (output += text)),
    async restart(changed = {}) {
      await running.stop();
      Object.assign(baseEnv, changed);
      running = await spawnEngine(baseEnv, (text) => (output += text));
    },
    async stop() {
      await running.stop();
      await db.drop();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

async function spawnEngine(env: NodeJS.ProcessEnv, onOutput: (text: string) => void) {
  const child: ChildProcess = spawn(tsxBin, ["src/main.ts"], { cwd: engineDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      onOutput(chunk.toString());
      const m = /engine listening on (http:\/\/\S+)/.exec(seen);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`engine exited with ${code} before listening:\n${seen}`)));
    setTimeout(() => reject(new Error(`engine did not start within 90 s:\n${seen}`)), 90_000).unref();
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Raw HTTP for what a typed client cannot send (bad JSON, wrong content types, no token). */
export async function rawCall(url: string, init: RequestInit & { token?: string; tenantId?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.tenantId) headers.set("x-ibm-tenant-id", init.tenantId);
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as { errorCode?: string; message?: string } & Record<string, unknown> };
}

export async function iamToken(engineUrl: string, apiKey: string): Promise<{ access_token: string; expires_in: number; expiration: number; refresh_token: string }> {
  const res = await fetch(`${engineUrl}/identity/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey, response_type: "cloud_iam" }),
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string; expires_in: number; expiration: number; refresh_token: string };
}
