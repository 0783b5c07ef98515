// Helpers of the data-task tests: an in-process agent against the fake engine, random file trees,
// and a local restic repository per test (real restic, temp dirs only).
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { TaskResult } from "@lifeboat/agent-protocol";
import { createRestic, type ResticOptions } from "@lifeboat/restic";
import { runAgent, type RunAgentOptions } from "../src/agent-loop.ts";
import { agentEnv } from "../src/env.ts";
import { createLogger } from "../src/log.ts";
import { waitFor, type FakeEngine } from "./fake-engine.ts";
import { tempDir } from "./helpers.ts";

export const REPO_PASSWORD = `pw-${randomBytes(12).toString("hex")}`;

export function repositoryAt(repoDir: string) {
  return { config: { kind: "local" as const, path: repoDir }, password: REPO_PASSWORD };
}

/** restic used by the test itself (to look at the repository behind the agent's back). */
export const resticAt = (repoDir: string, extra: Partial<ResticOptions> = {}) =>
  createRestic({ repository: { kind: "local", path: repoDir }, password: REPO_PASSWORD, ...extra });

/** `count` files of random (incompressible) bytes, `bytesEach` each, in nested folders. */
export async function makeTree(dir: string, count: number, bytesEach: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `d${i % 3}`, `file-${i}.bin`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, randomBytes(bytesEach));
    files.push(file);
  }
  return files;
}

export async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export interface InProcessAgent {
  lines: string[];
  stateDir: string;
  done: ReturnType<typeof runAgent>;
  stop(): Promise<void>;
}

/** runAgent in this process, registered with the fake engine, fast timings. */
export async function startAgent(
  engine: FakeEngine,
  opts: { resticBin?: string; tasks?: RunAgentOptions["tasks"]; stateDir?: string } = {},
): Promise<InProcessAgent> {
  const stateDir = opts.stateDir ?? (await tempDir("data"));
  const lines: string[] = [];
  const controller = new AbortController();
  const beatsBefore = engine.heartbeats.length;
  // Agents of one fake engine share its queue; a unique host name tells their heartbeats apart.
  const hostName = `data-host-${path.basename(stateDir)}`;
  const env = agentEnv({
    AGENT_ENGINE_URL: engine.url,
    AGENT_STATE_DIR: stateDir,
    AGENT_HOST_NAME: hostName,
    AGENT_REGISTRATION_TOKEN: engine.registrationToken,
    ...(opts.resticBin ? { AGENT_RESTIC_BIN: opts.resticBin } : {}),
  });
  const done = runAgent({
    env,
    log: createLogger((_level, line) => lines.push(line)),
    signal: controller.signal,
    timing: { minBackoffMs: 100, maxBackoffMs: 400, slowRetryMs: 300 },
    tasks: { pollWaitSecs: 5, ...opts.tasks },
  });
  await waitFor("this agent's first heartbeat", () => engine.heartbeats.slice(beatsBefore).some((h) => h.hostName === hostName));
  return {
    lines,
    stateDir,
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

let seq = 0;
export const nextId = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

/** Queues a data task and waits for its result. */
export async function runTask(engine: FakeEngine, cmd: Record<string, unknown> & { type: string }, timeoutMs = 60_000): Promise<TaskResult> {
  const taskId = (cmd.taskId as string | undefined) ?? nextId(cmd.type);
  engine.queue({ ...cmd, id: (cmd.id as string | undefined) ?? nextId("cmd"), taskId });
  await waitFor(`${cmd.type} result of ${taskId}`, () => engine.taskResults.has(taskId), timeoutMs);
  return engine.taskResults.get(taskId)!;
}
