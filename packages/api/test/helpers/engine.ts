// The real bundled engine (`tsx apps/engine/src/main.ts`) as a child process on a free port with
// its own throwaway database: the upstream our connections talk to in the integration test.
// Spawned by path, not imported: packages never import from apps/*.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@lifeboat/postgres";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface EngineUnderTest {
  url: string;
  tenantId: string;
  apiKey: string;
  /** ENGINE_DATA_DIR: its repositories live below it (a test may damage one on purpose). */
  dataDir: string;
  stop(): Promise<void>;
}

/** `env` adds or overrides engine settings (e.g. a faster scheduler for run tests). */
export async function startEngine(env: Record<string, string> = {}): Promise<EngineUnderTest> {
  const db = await createTestDatabase("api_engine");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-api-engine-"));
  const tenantId = "apitest/";
  const apiKey = `eng-${randomBytes(16).toString("hex")}`;
  const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "apps/engine/src/main.ts")], {
    cwd: path.join(repoRoot, "apps/engine"),
    env: {
      ...process.env,
      ENGINE_DATABASE_URL: db.url,
      ENGINE_PORT: "0",
      ENGINE_HOST: "127.0.0.1",
      ENGINE_DATA_DIR: dataDir,
      ENGINE_AGENT_PACKAGE_DIR: path.join(dataDir, "no-agent-package"),
      ENGINE_BOOTSTRAP_API_KEY: apiKey,
      ENGINE_BOOTSTRAP_TENANT_ID: tenantId,
      ENGINE_LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /engine listening on (http:\/\/\S+)/.exec(output);
        if (m?.[1]) resolve(m[1]);
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      void exited.then((code) => reject(new Error(`engine exited with ${code} before listening:\n${output}`)));
      setTimeout(() => reject(new Error(`engine did not start within 90 s:\n${output}`)), 90_000).unref();
    });
    return { url, tenantId, apiKey, dataDir, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
