// The real agent process (`tsx apps/agent/src/main.ts`) pointed at the engine under test, in its own
// temporary state and home directories. Spawned by path: packages never import from apps/*.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface AgentProcess {
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startAgentProcess(engineUrl: string, registrationToken: string, hostName: string, env: Record<string, string> = {}): Promise<AgentProcess> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-api-agent-"));
  const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "apps/agent/src/main.ts")], {
    cwd: repoRoot,
    env: {
      ...process.env,
      AGENT_ENGINE_URL: engineUrl,
      AGENT_REGISTRATION_TOKEN: registrationToken,
      AGENT_STATE_DIR: path.join(tmp, "state"),
      AGENT_HOME: path.join(tmp, "home"),
      AGENT_HOST_NAME: hostName,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
}
