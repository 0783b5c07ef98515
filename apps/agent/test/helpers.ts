import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION } from "@lifeboat/agent-protocol";
import { createEngineClient } from "../src/engine-client.ts";
import type { FakeEngine } from "./fake-engine.ts";

export const tempDir = (prefix: string) => fs.mkdtemp(path.join(os.tmpdir(), `lifeboat-agent-${prefix}-`));

/** Registers directly (no agent loop) and returns a valid agent token. */
export async function registerDirectly(engine: FakeEngine): Promise<string> {
  const client = createEngineClient({ engineUrl: engine.url });
  const reg = await client.register({
    hostName: "test-host",
    addresses: [],
    os: "kLinux",
    agentVersion: "0.0.0",
    resticVersion: null,
    volumes: [],
    registrationToken: engine.registrationToken,
    protocolVersion: PROTOCOL_VERSION,
  });
  return reg.agentToken;
}

export interface AgentProcess {
  child: ChildProcess;
  /** stdout and stderr lines, in arrival order. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment of the test runner without any AGENT_* variables of its own. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AGENT_") && !k.startsWith("LIFEBOAT_")));
  return { ...env, ...extra };
}

function collect(child: ChildProcess): AgentProcess {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      lines.push(...parts);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, lines, exited };
}

const agentDir = path.resolve(import.meta.dirname, "..");

/**
 * `node --import tsx apps/agent/src/main.ts`: the agent from source in one process. Not the `tsx`
 * CLI: it relays signals to its node child and, when the child does not confirm within 30 ms (as on
 * a loaded machine), kills it and exits 143, so a SIGTERM test would fail by timing.
 */
export async function spawnAgentFromSource(env: Record<string, string>): Promise<AgentProcess> {
  // Own process group, so `killGroup` also reaches restic and a re-executed version.
  return collect(
    spawn(process.execPath, ["--import", "tsx", path.join(agentDir, "src/main.ts")], {
      cwd: agentDir, // where `--import tsx` is resolved from
      env: cleanEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    }),
  );
}

/** SIGKILLs the process group of an agent started by these helpers, if it is still there. */
export function killGroup(p: AgentProcess): void {
  if (!p.child.pid) return;
  try {
    process.kill(-p.child.pid, "SIGKILL");
  } catch {
    // the whole group has exited already
  }
}

export async function spawnBundledAgent(entry: string, env: Record<string, string>, args: string[] = []): Promise<AgentProcess> {
  return collect(spawn(process.execPath, [entry, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] }));
}
