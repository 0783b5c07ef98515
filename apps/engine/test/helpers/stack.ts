// A real engine, a real agent process (tsx apps/agent/src/main.ts) on this host, registered as a
// physical source, and helpers to wait for runs and recoveries — all through @lifeboat/upstream.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { waitFor } from "./agent-process.ts";
import { repoRoot, startEngineProcess, type EngineProcess } from "./engine-process.ts";
import { hostRepository, tenantSharedRepository, type HostRepository } from "./host-repository.ts";

export interface AgentProcess {
  output(): string;
  exited: Promise<number | null>;
  /** SIGKILL: the agent dies mid-task, as on a power cut (no cleanup). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** The real agent under `node --import tsx` (no tsx wrapper process, so a kill hits the agent). */
function startAgentProcess(env: Record<string, string>): AgentProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "apps/agent/src/main.ts")], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group: a kill takes restic down with the agent, as a host crash would.
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (sig === "SIGKILL") process.kill(-child.pid!, "SIGKILL");
    else child.kill(sig);
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { output: () => output, exited, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}

export type Api = ReturnType<EngineProcess["client"]>;

export interface Stack {
  engine: EngineProcess;
  api: Api;
  tmp: string;
  hostId: number;
  hostName: string;
  agent: AgentProcess;
  agentEnv: Record<string, string>;
  startAgent(): AgentProcess;
  /** Where host `hostId`'s backups are (default: the stack's own host) and the password restic opens them with. */
  repository(hostId?: number): Promise<HostRepository>;
  /** The tenant's former shared repository (backups from before host repositories, or with ENGINE_HOST_REPOSITORIES=off). */
  sharedRepository(): Promise<{ path: string; password: string }>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /**
   * Caps restic's upload rate (its own `--limit-upload`, KiB/s) through a wrapper script given to
   * the agent as AGENT_RESTIC_BIN, so that pause/cancel/kill reliably land mid-transfer however
   * fast an idle CI machine is. It is still the real restic doing the real work.
   */
  resticUploadLimitKiB?: number;
  /**
   * The URL the agent dials instead of the engine's own (e.g. a test proxy in front of the
   * engine); called with the engine's URL whenever an agent is started.
   */
  agentEngineUrl?: (engineUrl: string) => string;
}

export async function startStack(
  name: string,
  engineEnv: Record<string, string> = {},
  agentExtra: Record<string, string> = {},
  options: StackOptions = {},
): Promise<Stack> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), `lifeboat-stack-${name}-`));
  if (options.resticUploadLimitKiB) {
    const wrapper = path.join(tmp, "restic-throttled");
    await writeFile(wrapper, `#!/bin/sh\nexec restic --limit-upload ${options.resticUploadLimitKiB} "$@"\n`, { mode: 0o755 });
    agentExtra = { AGENT_RESTIC_BIN: wrapper, ...agentExtra };
  }
  const engine = await startEngineProcess({ ENGINE_SCHEDULER_INTERVAL_SECS: "1", ENGINE_TASK_TIMEOUT_SECS: "8", ENGINE_AGENT_OFFLINE_SECS: "5", ...engineEnv });
  const api = engine.client();
  const secrets = { databaseUrl: engine.databaseUrl, dataDir: engine.tempDir, secret: engineEnv.ENGINE_SECRET };
  const hostName = `${name}-${process.pid}`;
  const conn = await api.createDataSourceConnection({ body: { connectionName: name } });
  const token = await api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } });
  const agentUrl = () => options.agentEngineUrl?.(engine.url) ?? engine.url;
  const agentEnv = {
    AGENT_ENGINE_URL: agentUrl(),
    AGENT_REGISTRATION_TOKEN: token,
    AGENT_STATE_DIR: path.join(tmp, "agent-state"),
    AGENT_HOME: path.join(tmp, "agent-home"),
    AGENT_HOST_NAME: hostName,
    AGENT_RESTIC_CPUS: "1",
    ...agentExtra,
  };
  const stack: Stack = {
    engine,
    api,
    tmp,
    hostName,
    hostId: 0,
    agentEnv,
    agent: startAgentProcess(agentEnv),
    startAgent() {
      stack.agent = startAgentProcess({ ...agentEnv, AGENT_ENGINE_URL: agentUrl() });
      return stack.agent;
    },
    repository: (hostId = stack.hostId) => hostRepository(secrets, hostId),
    sharedRepository: () => tenantSharedRepository(secrets, engine.bootstrap.tenantId),
    async stop() {
      await stack.agent.stop();
      await engine.stop();
      await rm(tmp, { recursive: true, force: true });
    },
  };
  await waitFor("the agent's connector", async () =>
    (await api.getDataSourceConnectors({ query: { connectionId: conn.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected),
  );
  const reg = await api.registerProtectionSource({
    body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
  });
  stack.hostId = reg.sourceId!;
  return stack;
}

/** Writes `files` (name → size in bytes, random content) under `dir`. */
export async function writeTree(dir: string, files: Record<string, number>) {
  for (const [name, size] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), randomBytes(size));
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

export async function createPolicyAndGroup(stack: Stack, name: string, includedPath: string, regular: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const policy = await stack.api.createProtectionPolicy({
    body: { name, backupPolicy: { regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 12 } } }, retention: { unit: "Days", duration: 7 }, ...regular } }, ...extra } as never,
  });
  const group = await stack.api.createProtectionGroup({
    body: {
      name, policyId: policy.id!, environment: "kPhysical",
      physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: stack.hostId, filePaths: [{ includedPath }] }] } },
    },
  });
  return { policy, group };
}

const ENDED = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Missed"];

/** The newest run of a group once it satisfies `until` (default: ended). */
export async function waitRun(api: Api, groupId: string, until = (status: string) => ENDED.includes(status), timeoutMs = 90_000) {
  return waitFor(`a run of ${groupId}`, async () => {
    const runs = await api.getProtectionGroupRuns({ pathParams: { id: groupId }, query: { numRuns: 1, includeObjectDetails: true, startTimeUsecs: 0 } });
    const run = runs.runs?.[0];
    return run && until(run.localBackupInfo!.status!) ? run : undefined;
  }, timeoutMs);
}

export async function waitRecovery(api: Api, id: string, timeoutMs = 90_000) {
  return waitFor(`recovery ${id}`, async () => {
    const r = await api.getRecoveryByID({ pathParams: { id } });
    return ENDED.includes(r.status!) ? r : undefined;
  }, timeoutMs);
}
