// The agent's life: register once, then heartbeat forever, running the commands each heartbeat
// (or the long poll beside it) returns. Data tasks run concurrently in the task manager; stop and
// upgrade run here one at a time (listDirectory runs at once, command-router.ts). Network trouble
// never ends the loop; only the engine (410 / `stop`), an upgrade or the caller's signal does.
import { PROTOCOL_VERSION, type CommandResult } from "@lifeboat/agent-protocol";
import type { ResticOptions } from "@lifeboat/restic";
import { createCommandRouter, isUpgradeCommand } from "./command-router.ts";
import { handleCommand, type CommandOutcome } from "./commands/index.ts";
import { EngineError, createEngineClient, type EngineClient } from "./engine-client.ts";
import { AgentConfigError, type AgentEnv } from "./env.ts";
import { createFactsCollector, type FactsWithStatus } from "./host-facts.ts";
import { errorMessage, type Logger } from "./log.ts";
import { createBackoff, sleep } from "./backoff.ts";
import { runPollLoop } from "./poll-loop.ts";
import { clearState, loadState, saveState, stateFilePath, type AgentState } from "./state.ts";
import { createTaskManager } from "./tasks/task-manager.ts";

export interface AgentTiming {
  /** First retry delay after a network error; doubles up to `maxBackoffMs`. */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Wait after a rejected token when re-registering is impossible. */
  slowRetryMs: number;
  requestTimeoutMs: number;
}

const DEFAULT_TIMING: AgentTiming = { minBackoffMs: 1000, maxBackoffMs: 30_000, slowRetryMs: 60_000, requestTimeoutMs: 30_000 };

export interface RunAgentOptions {
  env: AgentEnv;
  log: Logger;
  signal: AbortSignal;
  timing?: Partial<AgentTiming>;
  collectFacts?: () => Promise<FactsWithStatus>;
  /** Data tasks: how many run at once (default 2), and extra restic options (e.g. `runAs`). */
  tasks?: {
    maxConcurrent?: number;
    restic?: Pick<ResticOptions, "runAs" | "env">;
    progressIntervalMs?: number;
    pollWaitSecs?: number;
    downloadCache?: { maxBytes?: number; idleMs?: number };
    abandonAfterMs?: number;
    fsStepTimeoutMs?: number;
  };
}

export type AgentExit =
  | { reason: "removed"; message: string }
  | { reason: "upgraded"; entry: string; version: string }
  | { reason: "shutdown" };

export async function runAgent(opts: RunAgentOptions): Promise<AgentExit> {
  const { env, log, signal } = opts;
  const timing = { ...DEFAULT_TIMING, ...opts.timing };
  const regToken: string | undefined = env.registrationToken;
  log.redact(regToken);

  let state: AgentState | null = await loadState(env.stateDir);
  log.redact(state?.agentToken);
  const configuredUrl = env.engineUrl ?? state?.engineUrl;
  if (!configuredUrl) throw new AgentConfigError("AGENT_ENGINE_URL is not set (e.g. AGENT_ENGINE_URL=http://127.0.0.1:4000)");
  const engineUrl: string = configuredUrl;
  if (state && state.engineUrl !== engineUrl) {
    if (regToken) {
      log.warn(`saved registration belongs to ${state.engineUrl}; registering with ${engineUrl}`);
      state = null;
    } else {
      log.warn(`saved registration belongs to ${state.engineUrl}; using its agent token with ${engineUrl}`);
      state = { ...state, engineUrl };
    }
  }
  if (!state && !regToken) {
    throw new AgentConfigError(
      `not registered yet (no ${stateFilePath(env.stateDir)}) and AGENT_REGISTRATION_TOKEN is not set; ` +
        "generate a registration token for a connection in the portal and set it",
    );
  }
  if (state) log.info(`using saved registration: connector ${state.connectorId} (connection ${state.connectionId})`);

  const client = createEngineClient({ engineUrl, signal, requestTimeoutMs: timing.requestTimeoutMs });
  const collectFacts = opts.collectFacts ?? createFactsCollector({ hostName: env.hostName, resticBin: env.resticBin });
  const backoff = createBackoff(timing.minBackoffMs, timing.maxBackoffMs);
  let intervalMs = 30_000;
  let connected = false;
  let lastStatus = "";
  let announcedRegistration = false;
  const removed = async (message: string): Promise<AgentExit> => {
    await clearState(env.stateDir);
    log.info(`removed by the engine: ${message}; state cleared, exiting`);
    return { reason: "removed", message };
  };
  let nextHeartbeatAt = 0;
  let upgradeWaitAnnounced = false;
  let wake = new AbortController();

  // Tasks report through their own client: their final results must still go out while the
  // agent shuts down (the loop's client aborts everything on `signal`).
  const taskClient = createEngineClient({ engineUrl, requestTimeoutMs: timing.requestTimeoutMs });
  const tasks = createTaskManager({
    client: taskClient,
    getToken: () => state?.agentToken,
    stateDir: env.stateDir,
    log,
    resticBin: env.resticBin,
    maxConcurrent: opts.tasks?.maxConcurrent ?? env.maxTasks,
    restic: {
      ...opts.tasks?.restic,
      env: { ...(env.resticCpus ? { GOMAXPROCS: String(env.resticCpus) } : {}), ...opts.tasks?.restic?.env },
    },
    progressIntervalMs: opts.tasks?.progressIntervalMs,
    abandonAfterMs: opts.tasks?.abandonAfterMs,
    fsStepTimeoutMs: opts.tasks?.fsStepTimeoutMs,
    downloadCache: {
      maxBytes: opts.tasks?.downloadCache?.maxBytes ?? env.downloadCacheBytes,
      idleMs: opts.tasks?.downloadCache?.idleMs ?? env.downloadCacheIdleMs,
    },
    retry: { minMs: timing.minBackoffMs, maxMs: timing.maxBackoffMs },
    onIdle: () => wake.abort(),
  });
  const router = createCommandRouter({
    tasks,
    reportResult: (id, result) =>
      reportResult(client, state?.agentToken ?? "", { id, result, next: "continue" }, log, signal, timing).catch(() => undefined),
    onSerial: () => wake.abort(),
    log,
  });
  // Before any new task can arrive: tasks a crashed predecessor left behind mark their
  // repositories for repair (unlock + rebuild-index before the next backup); their Failed reports
  // go out in the background as soon as the engine answers.
  await tasks.recover();
  const pollAbort = new AbortController();
  const stopPolling = () => pollAbort.abort();
  signal.addEventListener("abort", stopPolling, { once: true });
  const polling = runPollLoop({
    client,
    getToken: () => state?.agentToken,
    route: router.route,
    heldTaskIds: () => tasks.heldTaskIds(),
    log,
    signal: pollAbort.signal,
    waitSecs: opts.tasks?.pollWaitSecs,
    minBackoffMs: timing.minBackoffMs,
    maxBackoffMs: timing.maxBackoffMs,
  });
  let exit: AgentExit = { reason: "shutdown" };
  try {
    exit = await loop();
  } finally {
    pollAbort.abort();
    signal.removeEventListener("abort", stopPolling);
    const why = exit.reason === "removed" ? "agent removed by the engine" : exit.reason === "upgraded" ? `upgrading to ${exit.version}` : "agent shutting down";
    await tasks.shutdown(why);
    await polling;
  }
  return exit;

  async function loop(): Promise<AgentExit> {
    while (!signal.aborted) {
      let waitMs = intervalMs;
      try {
        let current = state;
        if (!current) {
          // Unreachable without a token: checked at start, and state is only dropped when one is set.
          if (!regToken) throw new AgentConfigError("AGENT_REGISTRATION_TOKEN is needed to register");
          const { facts } = await collectFacts();
          if (!announcedRegistration) log.info(`registering with the engine at ${engineUrl} as ${facts.hostName}`);
          announcedRegistration = true;
          const reg = await client.register({ ...facts, registrationToken: regToken, protocolVersion: PROTOCOL_VERSION });
          log.redact(reg.agentToken);
          current = { connectorId: reg.connectorId, connectionId: reg.connectionId, agentToken: reg.agentToken, engineUrl };
          state = current;
          await saveState(env.stateDir, current);
          intervalMs = reg.heartbeatIntervalSecs * 1000;
          announcedRegistration = false;
          log.info(`registered with the engine as connector ${reg.connectorId} (connection ${reg.connectionId})`);
        }
        if (Date.now() >= nextHeartbeatAt) {
          const { facts, status, statusMessage } = await collectFacts();
          const statusLine = `${status}${statusMessage ? `: ${statusMessage}` : ""}`;
          if (statusLine !== lastStatus) {
            (status === "Healthy" ? log.info : log.warn)(`agent status ${statusLine}`);
            lastStatus = statusLine;
          }
          const hb = await client.heartbeat(current.agentToken, { ...facts, status, statusMessage });
          if (!connected) log.info(`connected to the engine at ${engineUrl}; heartbeat every ${hb.heartbeatIntervalSecs}s`);
          connected = true;
          backoff.reset();
          intervalMs = hb.heartbeatIntervalSecs * 1000;
          // more commands may be queued behind these: ask again at once
          nextHeartbeatAt = hb.commands.length > 0 ? 0 : Date.now() + intervalMs;
          for (const raw of hb.commands) router.route(raw);
        }
        while (router.serial.length > 0) {
          const raw = router.serial[0];
          // An upgrade restarts the agent: it waits until running tasks ended (heartbeats go on);
          // queued tasks do not start meanwhile.
          if (isUpgradeCommand(raw) && tasks.runningCount > 0) {
            if (!upgradeWaitAnnounced) log.info(`upgrade waits for ${tasks.runningCount} running task(s) to finish`);
            upgradeWaitAnnounced = true;
            tasks.hold(true);
            break;
          }
          router.serial.shift();
          const outcome = await handleCommand(raw, { client, agentToken: current.agentToken, agentHome: env.agentHome, log });
          if (isUpgradeCommand(raw)) {
            upgradeWaitAnnounced = false;
            if (outcome?.next !== "restart") tasks.hold(false);
          }
          if (!outcome) continue;
          await reportResult(client, current.agentToken, outcome, log, signal, timing);
          if (outcome.next === "stop") return await removed(`stop command (${outcome.reason})`);
          if (outcome.next === "restart") return { reason: "upgraded", entry: outcome.entry, version: outcome.version };
        }
        waitMs = Math.max(0, nextHeartbeatAt - Date.now());
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof AgentConfigError) throw error;
        if (!(error instanceof EngineError)) {
          waitMs = backoff.next();
          log.error(`${errorMessage(error)}; retrying in ${seconds(waitMs)}`);
        } else if (error.kind === "gone") {
          return await removed(error.message);
        } else if (error.kind === "unauthorized" && !state) {
          connected = false;
          waitMs = timing.slowRetryMs;
          log.error(`the engine rejected the registration token (${error.message}); retrying in ${seconds(waitMs)}`);
        } else if (error.kind === "unauthorized" && regToken) {
          connected = false;
          log.warn("the engine rejected the agent token; registering again with AGENT_REGISTRATION_TOKEN");
          state = null;
          waitMs = backoff.next();
        } else if (error.kind === "unauthorized") {
          connected = false;
          waitMs = timing.slowRetryMs;
          log.error(
            `the engine rejected the agent token and AGENT_REGISTRATION_TOKEN is not set to register again; retrying in ${seconds(waitMs)}`,
          );
        } else {
          connected = false;
          waitMs = error.kind === "unavailable" ? backoff.next() : Math.max(backoff.next(), timing.minBackoffMs * 5);
          log.warn(`${error.kind === "unavailable" ? "engine unreachable" : "engine error"}: ${error.message}; retrying in ${seconds(waitMs)}`);
        }
      }
      if (waitMs > 0 && !(await sleep(waitMs, AbortSignal.any([signal, wake.signal]))) && signal.aborted) break;
      if (wake.signal.aborted) wake = new AbortController();
    }
    return { reason: "shutdown" };
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;

/** Results are retried through short outages; a 410 while reporting still means "removed". */
async function reportResult(
  client: EngineClient,
  token: string,
  outcome: CommandOutcome,
  log: Logger,
  signal: AbortSignal,
  timing: AgentTiming,
): Promise<void> {
  const backoff = createBackoff(timing.minBackoffMs, timing.maxBackoffMs);
  const result: CommandResult = outcome.result;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.reportResult(token, outcome.id, result);
      return;
    } catch (error) {
      const retryable = error instanceof EngineError && error.kind === "unavailable" && attempt < 5;
      if (!retryable) {
        if (error instanceof EngineError && error.kind === "gone") throw error;
        log.error(`could not report the result of command ${outcome.id}: ${errorMessage(error)}`);
        return;
      }
      if (!(await sleep(backoff.next(), signal))) return;
    }
  }
}
