// Runs data tasks (backup, restore, index, content, forget, check) beside the heartbeat loop:
// at most `maxConcurrent` at once, the rest queued in arrival order. Tasks on one repository that
// need restic's exclusive lock (forget, check) never run beside another task on it. Progress goes
// out at most once a second; results are retried until the engine has them (a 409 means the
// engine gave the task up: the result is dropped). Every task has an in-flight record (see
// in-flight.ts) so a crash ends in a Failed report at the next start, never a run stuck Running.
// A task stopped by a cancel (or a shutdown, or the engine giving it up) ends within
// `abandonAfterMs` whatever it is doing: its restic gets SIGINT then SIGKILL, its file-system steps
// are abandoned (bounded-fs.ts), and a runner that still has not returned then — a process stuck in
// the kernel on a dead mount, a helper holding restic's pipes — is left behind: its result is
// reported and its slot freed, so a stuck task never blocks the host's next backups (issue 12).
import path from "node:path";
import type { Readable } from "node:stream";
import type { CommandResult, TaskProgress, TaskResult } from "@lifeboat/agent-protocol";
import { createRestic, ResticError, type ResticOptions } from "@lifeboat/restic";
import { createBackoff, sleep } from "../backoff.ts";
import { EngineError, type EngineClient } from "../engine-client.ts";
import { errorMessage, type Logger } from "../log.ts";
import { runBackup } from "./backup-task.ts";
import { createBoundedFs, DEFAULT_FS_STEP_TIMEOUT_MS } from "./bounded-fs.ts";
import { runContent } from "./content-task.ts";
import { createDownloadCache } from "./download-cache.ts";
import { createInFlightStore, repositoryKey } from "./in-flight.ts";
import { runIndex } from "./index-task.ts";
import { runCheck, runForget } from "./maintenance-tasks.ts";
import { createProgressReporter, type ProgressReporter } from "./progress-reporter.ts";
import { runRestore } from "./restore-task.ts";
import type { DataTaskCommand, TaskContext, TaskRunner } from "./types.ts";

export interface TaskManagerOptions {
  client: Pick<EngineClient, "taskProgress" | "taskResult" | "uploadTaskStream">;
  /** The current agent token (it changes when the agent registers again). */
  getToken(): string | undefined;
  stateDir: string;
  log: Logger;
  resticBin: string;
  maxConcurrent?: number;
  /** Extra restic options (e.g. `runAs` an unprivileged user). */
  restic?: Pick<ResticOptions, "runAs" | "env">;
  progressIntervalMs?: number;
  /** Disk cache of dumped files for ranged downloads, in `<stateDir>/download-cache` (0 bytes: off). */
  downloadCache?: { maxBytes: number; idleMs: number };
  retry?: { minMs: number; maxMs: number };
  /** How long a stopped task's runner gets to return before it is abandoned (see the header). Default 10 s. */
  abandonAfterMs?: number;
  /** Deadline of one file-system step of a task (bounded-fs.ts). Default 60 s. */
  fsStepTimeoutMs?: number;
  /** Called whenever the last running task ended (an upgrade waits for that). */
  onIdle?: () => void;
}

interface Entry {
  cmd: DataTaskCommand;
  repoKey: string;
  exclusive: boolean;
  controller: AbortController;
  /** How the task ends when aborted: canceled by the user, or failed by a shutdown. */
  endedBy?: { status: "Canceled" | "Failed"; message: string };
  pauseControl: { pause(): void; resume(): void } | null;
  paused: boolean;
  reporter?: ProgressReporter;
}

const RUNNERS: { [K in DataTaskCommand["type"]]: TaskRunner<Extract<DataTaskCommand, { type: K }>> } = {
  backup: runBackup,
  restore: runRestore,
  index: runIndex,
  content: runContent,
  forget: runForget,
  check: runCheck,
};
const EXCLUSIVE = new Set(["forget", "check"]);

export function createTaskManager(opts: TaskManagerOptions) {
  const { log, client } = opts;
  const maxConcurrent = opts.maxConcurrent ?? 2;
  const abandonAfterMs = opts.abandonAfterMs ?? 10_000;
  const store = createInFlightStore(opts.stateDir);
  const queue: Entry[] = [];
  const running = new Map<string, Entry>();
  const delivering = new Set<Promise<void>>();
  /** Tasks this agent holds: accepted and not yet taken by the engine with their result (sent with each poll). */
  const ownTaskIds = new Set<string>();
  const deliveryAbort = new AbortController();
  let held = false;
  let closed = false;
  const downloadCache = createDownloadCache({
    dir: path.join(opts.stateDir, "download-cache"),
    maxBytes: opts.downloadCache?.maxBytes ?? 0,
    idleMs: opts.downloadCache?.idleMs ?? 600_000,
    log,
  });

  function canStart(entry: Entry): boolean {
    for (const other of running.values()) {
      if (other.repoKey === entry.repoKey && (entry.exclusive || other.exclusive)) return false;
    }
    return true;
  }

  function schedule() {
    if (held || closed) return;
    const blockedRepos = new Set<string>(); // keeps arrival order per repository
    for (let i = 0; i < queue.length && running.size < maxConcurrent; ) {
      const entry = queue[i]!;
      if (blockedRepos.has(entry.repoKey) || !canStart(entry)) {
        blockedRepos.add(entry.repoKey);
        i++;
        continue;
      }
      queue.splice(i, 1);
      running.set(entry.cmd.taskId, entry);
      void execute(entry);
    }
  }

  async function execute(entry: Entry) {
    const { cmd } = entry;
    const token = () => opts.getToken() ?? "";
    entry.reporter = createProgressReporter((p) => client.taskProgress(token(), cmd.taskId, p), {
      intervalMs: opts.progressIntervalMs,
      onPostError: (error) => {
        if (error instanceof EngineError && error.kind === "conflict" && !entry.controller.signal.aborted) {
          log.warn(`task ${cmd.taskId}: the engine gave the task up; stopping it`);
          entry.endedBy = { status: "Canceled", message: "the engine gave the task up" };
          entry.controller.abort();
        }
      },
    });
    log.info(`task ${cmd.taskId}: ${cmd.type} started`);
    let result: TaskResult;
    try {
      const restic = createRestic({
        repository: cmd.repository.config,
        password: cmd.repository.password,
        binary: opts.resticBin,
        cacheDir: path.join(opts.stateDir, "restic-cache"),
        ...opts.restic,
      });
      const ctx: TaskContext = {
        restic,
        signal: entry.controller.signal,
        progress: (p) => entry.reporter?.update({ ...p, state: entry.paused ? "Paused" : "Running" }),
        setPauseControl: (control) => {
          entry.pauseControl = control;
          if (control && entry.paused) control.pause(); // paused before restic started
        },
        upload: (what, body, contentType) => upload(entry, what, body, contentType),
        repair: { needed: () => store.needsRepair(entry.repoKey), done: () => store.repaired(entry.repoKey) },
        log,
        repoKey: entry.repoKey,
        downloadCache,
        fs: createBoundedFs({ stepTimeoutMs: opts.fsStepTimeoutMs ?? DEFAULT_FS_STEP_TIMEOUT_MS, signal: entry.controller.signal }),
      };
      // forget/check take restic's exclusive lock: a cached download's dump must not hold a lock then.
      if (entry.exclusive) await downloadCache.dropRepository(entry.repoKey);
      const run = (RUNNERS[cmd.type] as TaskRunner<DataTaskCommand>)(cmd, ctx);
      const gaveUp = abandonment(entry);
      try {
        result = await Promise.race([run, gaveUp.result]);
      } finally {
        gaveUp.clear();
      }
      if (gaveUp.fired) {
        log.error(`task ${cmd.taskId}: ${cmd.type} did not stop within ${abandonAfterMs / 1000} s of being stopped; abandoned (its slot is free)`);
        run.then(
          (late) => log.warn(`task ${cmd.taskId}: the abandoned ${cmd.type} returned after all (${late.status})`),
          (error: unknown) => log.warn(`task ${cmd.taskId}: the abandoned ${cmd.type} ended: ${errorMessage(error)}`),
        );
      }
    } catch (error) {
      result = failureOf(entry, error);
    }
    if (entry.endedBy?.status === "Failed" && cmd.type === "backup") await store.markForRepair(entry.repoKey);
    if (result.status === "Failed" && missingRepositoryData(result.message)) {
      // The next backup rebuilds the index (dropping what is gone) and uploads those blobs again
      // from the host's files, which repairs the snapshots that referenced them when the files are unchanged.
      log.warn(`task ${cmd.taskId}: repository data is missing; the next backup rebuilds the repository index and uploads it again`);
      await store.markForRepair(entry.repoKey).catch(() => undefined);
    }
    // Kept before the last progress goes out: a crash from here on still reports the real result.
    await store.setResult(cmd.taskId, result).catch(() => undefined);
    await entry.reporter.flush().catch(() => undefined);
    entry.reporter.stop();
    const level = result.status === "Failed" ? log.error : result.status === "Succeeded" ? log.info : log.warn;
    level(`task ${cmd.taskId}: ${cmd.type} ${result.status}${result.message ? `: ${result.message}` : ""}`);
    running.delete(cmd.taskId);
    track(deliver(cmd.taskId, result));
    if (running.size === 0) opts.onIdle?.();
    schedule();
  }

  async function upload(entry: Entry, what: "index" | "content", body: Readable, contentType: string) {
    try {
      await client.uploadTaskStream(opts.getToken() ?? "", entry.cmd.taskId, what, body, contentType, entry.controller.signal);
    } finally {
      // The engine may answer before reading everything (an error): stop restic behind the body.
      if (!body.readableEnded) body.destroy();
    }
  }

  /** Settles `abandonAfterMs` after the task was stopped, with the result the stop asked for. */
  function abandonment(entry: Entry): { result: Promise<TaskResult>; fired: boolean; clear(): void } {
    const signal = entry.controller.signal;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: () => void = () => undefined;
    const self = {
      fired: false,
      result: new Promise<TaskResult>((resolve) => {
        onAbort = () => {
          timer = setTimeout(() => {
            self.fired = true;
            const ended = entry.endedBy ?? { status: "Failed" as const, message: "stopped" };
            resolve({ status: ended.status, message: `${ended.message} (the task's work did not stop within ${abandonAfterMs / 1000} s and was abandoned)`, warnings: [] });
          }, abandonAfterMs);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      }),
      clear() {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      },
    };
    return self;
  }

  function failureOf(entry: Entry, error: unknown): TaskResult {
    const secrets = secretsOf(entry.cmd);
    const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join("[redacted]"), text);
    if (entry.endedBy && (entry.controller.signal.aborted || (error instanceof ResticError && error.code === "cancelled"))) {
      return { status: entry.endedBy.status, message: entry.endedBy.message, warnings: [] };
    }
    if (error instanceof ResticError && error.code === "missing") {
      return { status: "Failed", message: `restic is not installed on this host (AGENT_RESTIC_BIN=${opts.resticBin}); install restic 0.14 or later`, warnings: [] };
    }
    return { status: "Failed", message: scrub(errorMessage(error)).slice(0, 10_000), warnings: [] };
  }

  function track(p: Promise<void>) {
    delivering.add(p);
    void p.finally(() => delivering.delete(p));
  }

  /** Posts a result until the engine took it; the in-flight record holds it meanwhile. */
  async function deliver(taskId: string, result: TaskResult): Promise<void> {
    await store.setResult(taskId, result).catch(() => undefined);
    const backoff = createBackoff(opts.retry?.minMs ?? 1000, opts.retry?.maxMs ?? 30_000);
    for (;;) {
      try {
        await client.taskResult(opts.getToken() ?? "", taskId, result, deliveryAbort.signal);
        await store.remove(taskId);
        ownTaskIds.delete(taskId);
        return;
      } catch (error) {
        const kind = error instanceof EngineError ? error.kind : "unavailable";
        if (kind === "conflict" || kind === "rejected" || kind === "protocol" || kind === "gone") {
          if (kind === "conflict") log.warn(`task ${taskId}: the engine gave the task up; result dropped`);
          else log.error(`task ${taskId}: the engine refused the result: ${errorMessage(error)}`);
          await store.remove(taskId);
          ownTaskIds.delete(taskId);
          return;
        }
        // unavailable or unauthorized (a re-registration will bring a new token): keep trying.
        if (deliveryAbort.signal.aborted || !(await sleep(backoff.next(), deliveryAbort.signal))) return;
      }
    }
  }

  return {
    /**
     * Reports the tasks an earlier process of this agent left unfinished: their stored result,
     * or Failed. Their repositories get unlocked (and their index rebuilt before a backup).
     */
    async recover(): Promise<void> {
      // Cached downloads of an earlier process are plaintext nobody will read: gone at start.
      await downloadCache.init();
      for (const record of await store.list()) {
        if (running.has(record.taskId) || queue.some((e) => e.cmd.taskId === record.taskId)) continue;
        ownTaskIds.add(record.taskId);
        if (!record.result) {
          await store.markForRepair(record.repoKey);
          log.warn(`task ${record.taskId}: ${record.type} was running when the agent stopped; reporting it Failed`);
        }
        const result: TaskResult = record.result ?? {
          status: "Failed",
          message: "agent restarted during the task; the repository is unlocked and reused by the next run",
          warnings: [],
        };
        track(deliver(record.taskId, result));
      }
    },

    async submit(command: DataTaskCommand): Promise<void> {
      if (closed) return;
      const cmd = withAgentCredential(command, opts.getToken());
      if (running.has(cmd.taskId) || queue.some((e) => e.cmd.taskId === cmd.taskId)) {
        log.warn(`task ${cmd.taskId}: already accepted; ignoring the repeated command`);
        return;
      }
      ownTaskIds.add(cmd.taskId);
      for (const secret of secretsOf(cmd)) log.redact(secret);
      let repoKey: string;
      try {
        repoKey = repositoryKey(cmd.repository);
      } catch (error) {
        track(deliver(cmd.taskId, { status: "Failed", message: `invalid repository: ${errorMessage(error)}`, warnings: [] }));
        return;
      }
      await store.add({ taskId: cmd.taskId, type: cmd.type, repoKey, acceptedAt: new Date().toISOString() });
      const entry: Entry = { cmd, repoKey, exclusive: EXCLUSIVE.has(cmd.type), controller: new AbortController(), pauseControl: null, paused: false };
      queue.push(entry);
      log.info(`task ${cmd.taskId}: ${cmd.type} accepted`);
      schedule();
      if (queue.includes(entry)) {
        const queued: TaskProgress = { state: "Queued", percentDone: 0, bytesDone: 0, filesDone: 0 };
        client.taskProgress(opts.getToken() ?? "", cmd.taskId, queued).catch(() => undefined);
      }
    },

    /** pause / resume / cancel; the answer is the taskControl command's result. */
    control(taskId: string, action: "pause" | "resume" | "cancel"): CommandResult {
      const entry = running.get(taskId);
      const queuedAt = queue.findIndex((e) => e.cmd.taskId === taskId);
      if (!entry && queuedAt >= 0 && action === "cancel") {
        queue.splice(queuedAt, 1);
        track(deliver(taskId, { status: "Canceled", message: "canceled before it started", warnings: [] }));
        return { status: "Succeeded", message: "canceled before it started" };
      }
      if (!entry) {
        return { status: "Failed", message: queuedAt >= 0 ? `task ${taskId} has not started yet` : `task ${taskId} is not running on this agent` };
      }
      if (action === "cancel") {
        entry.endedBy = { status: "Canceled", message: "canceled" };
        entry.controller.abort();
        return { status: "Succeeded", message: "cancelling" };
      }
      if (!entry.pauseControl) return { status: "Failed", message: `${entry.cmd.type} tasks cannot be paused` };
      if (action === "pause") entry.pauseControl.pause();
      else entry.pauseControl.resume();
      entry.paused = action === "pause";
      entry.reporter?.update({ state: entry.paused ? "Paused" : "Running" });
      return { status: "Succeeded", message: entry.paused ? "paused" : "resumed" };
    },

    /** Ids of the tasks this agent holds (the poll tells the engine; see PollRequestSchema). */
    heldTaskIds: (): string[] => [...ownTaskIds],

    /** Figures of the download cache (tests and logs). */
    downloadCacheStats: () => downloadCache.stats(),

    get runningCount() {
      return running.size;
    },
    /** Stop starting queued tasks (an upgrade waits for the running ones), or start again. */
    hold(on: boolean) {
      held = on;
      if (!on) schedule();
    },

    /**
     * Agent shutdown: running tasks are stopped (restic gets SIGINT, so no stale lock) and end
     * Failed; results get `graceMs` to reach the engine, else the next start reports them.
     */
    async shutdown(reason: string, graceMs = 10_000): Promise<void> {
      closed = true;
      const waits: Promise<unknown>[] = [];
      for (const entry of running.values()) {
        entry.endedBy = { status: "Failed", message: `agent stopped during the task (${reason})` };
        entry.controller.abort();
      }
      for (const entry of queue.splice(0)) {
        track(deliver(entry.cmd.taskId, { status: "Failed", message: `agent stopped before the task started (${reason})`, warnings: [] }));
      }
      const deadline = setTimeout(() => deliveryAbort.abort(), graceMs);
      while (running.size > 0 && !deliveryAbort.signal.aborted) await sleep(50);
      waits.push(...delivering);
      await Promise.allSettled(waits);
      clearTimeout(deadline);
      deliveryAbort.abort();
      await downloadCache.close().catch(() => undefined);
    },
  };
}

export type TaskManager = ReturnType<typeof createTaskManager>;

/** restic could not read a pack file the index names (deleted or lost on the storage). */
export function missingRepositoryData(message: string | undefined): boolean {
  return !!message && /<data\/[0-9a-f]+>/.test(message) && /no such file|not found|does not exist/i.test(message);
}

function secretsOf(cmd: DataTaskCommand): string[] {
  const config = cmd.repository.config;
  if (config.kind === "rest") return [cmd.repository.password, ...(config.password ? [config.password] : [])];
  return [cmd.repository.password, ...(config.kind === "s3" ? [config.secretAccessKey, config.accessKeyId] : [])];
}

/**
 * A repository behind the engine's gateway without a credential of its own is opened with this
 * agent's own token (the engine stores only its hash, so it cannot put it in the command). A task
 * onto another host's repository (a restore elsewhere) carries its own read-only credential.
 */
export function withAgentCredential(cmd: DataTaskCommand, agentToken: string | undefined): DataTaskCommand {
  const config = cmd.repository.config;
  if (config.kind !== "rest" || config.password || !agentToken) return cmd;
  return { ...cmd, repository: { ...cmd.repository, config: { ...config, username: config.username ?? "agent", password: agentToken } } };
}
