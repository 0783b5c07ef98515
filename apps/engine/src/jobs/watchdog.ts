// Never stuck, never given up too early. A task whose agent stopped polling and reporting for
// ENGINE_TASK_TIMEOUT_SECS fails with a message (its run or recovery follows); a task handed to an
// agent in a poll answer but never reported on for ENGINE_TASK_DELIVERY_TIMEOUT_SECS (the answer was
// lost, or the agent died or restarted right after it) is handed out once more, and fails the second
// time. An engine restart loses no work (issue 12): tasks out with agents go on while the engine is
// down and are reconciled when the agents report again — a backup that finished meanwhile is
// accepted and its run ends Succeeded — and the timeouts above count from this process's start, so
// an agent gets the whole timeout to reach the restarted engine. Each poll also carries the tasks the
// agent holds (reconcileHeldTasks): one it lost fails at once, one it never got is handed out again.
// Only single-file downloads end at a restart: the request that waited for them died with the
// previous process. The next backup on a host whose agent crashed unlocks the repository and
// rebuilds its index (agent side).
import type { DataTask } from "../generated/prisma/client.ts";
import type { EngineContext } from "../context.ts";
import { cancelTask, TERMINAL } from "../tasks/dispatch.ts";

/** Status of a task while the watchdog fails it: one claim, so one process reports the failure. */
const GIVING_UP = "GivingUp";

async function failTasks(engine: EngineContext, tasks: DataTask[], message: (task: DataTask) => string) {
  for (const task of tasks) {
    const claimed = await engine.db.dataTask.updateMany({ where: { id: task.id, status: task.status }, data: { status: GIVING_UP } });
    if (claimed.count !== 1) continue;
    const text = message(task);
    engine.log.warn({ taskId: task.id.toString(), type: task.type }, text);
    await engine.events.onResult(task, { status: "Failed", message: text, warnings: [] });
  }
}

async function hostNames(engine: EngineContext, tasks: DataTask[]) {
  const ids = [...new Set(tasks.map((t) => t.connectorId))];
  const connectors = await engine.db.connector.findMany({ where: { id: { in: ids } } });
  return new Map(connectors.map((c) => [c.id, c]));
}

/** This process's row in EngineProcess: written at start and on every sweep tick, removed at stop. */
export async function markEngineAlive(engine: EngineContext, id: string): Promise<void> {
  await engine.db.engineProcess.upsert({ where: { id }, create: { id }, update: { lastSeenAt: new Date() } });
  // Rows of processes that died without removing theirs.
  await engine.db.engineProcess.deleteMany({ where: { lastSeenAt: { lt: new Date(Date.now() - 3_600_000) } } });
}

export async function markEngineStopped(engine: EngineContext, id: string): Promise<void> {
  await engine.db.engineProcess.deleteMany({ where: { id } });
}

/** Other engine processes seen within `aliveMs` (they tick every ENGINE_SCHEDULER_INTERVAL_SECS). */
export async function otherLiveEngines(engine: EngineContext, selfId: string, aliveMs: number): Promise<number> {
  return engine.db.engineProcess.count({ where: { id: { not: selfId }, lastSeenAt: { gt: new Date(Date.now() - aliveMs) } } });
}

/**
 * At start: tasks a previous engine process left out with agents stay theirs to report (see the
 * header); single-file downloads it was serving are canceled (their agents stop). With other live
 * engine processes on the database nothing is touched: those may be theirs.
 */
export async function reconcileAtStart(engine: EngineContext, startedAt: Date, peers = 0) {
  if (peers > 0) {
    engine.log.info({ peers }, "other engine processes are running: the tasks out with agents stay theirs");
    return;
  }
  const downloads = await engine.db.dataTask.findMany({ where: { type: "content", recoverySeq: null, status: { notIn: [...TERMINAL, GIVING_UP] }, createdAt: { lt: startedAt } } });
  for (const task of downloads) await cancelTask(engine, task, "the engine restarted while this file was being downloaded; download it again");
  const out = await engine.db.dataTask.count({ where: { status: { notIn: [...TERMINAL, GIVING_UP, "Pending", "Waiting"] }, deliveredAt: { lt: startedAt } } });
  if (out > 0) {
    engine.log.info(
      { tasks: out },
      `${out} task(s) were out with agents when the engine stopped; they are accepted when their agents report (ENGINE_TASK_TIMEOUT_SECS=${engine.config.taskTimeoutSecs} from now without a report fails them)`,
    );
  }
}

/** A fresh process gives every task the whole timeout from its start (the agents must reach it first). */
const tooYoung = (startedAt: Date, cutoff: Date) => startedAt > cutoff;

export async function failStaleTasks(engine: EngineContext, startedAt = new Date(0)) {
  const cutoff = new Date(Date.now() - engine.config.taskTimeoutSecs * 1000);
  if (tooYoung(startedAt, cutoff)) return;
  const stale = await engine.db.dataTask.findMany({
    where: { status: { notIn: [...TERMINAL, GIVING_UP] }, OR: [{ lastReportAt: { lt: cutoff } }, { lastReportAt: null, createdAt: { lt: cutoff } }] },
  });
  if (stale.length === 0) return;
  const connectors = await hostNames(engine, stale);
  // A polling agent is alive: a quiet task of a live agent (e.g. a long pause) is left alone.
  const dead = stale.filter((t) => {
    const c = connectors.get(t.connectorId);
    return !c || c.lastHeartbeatAt < cutoff;
  });
  await failTasks(
    engine,
    dead,
    (t) => `agent ${connectors.get(t.connectorId)?.hostName ?? t.connectorId} stopped answering: the agent stopped responding (no poll or report for ${engine.config.taskTimeoutSecs} s); the task was given up`,
  );
}

/**
 * Tasks delivered in a poll answer that the agent never reported on (still `Delivered`) for
 * `timeoutSecs`: handed out once more (back to Pending); a task lost twice fails.
 */
export async function redeliverLostTasks(engine: EngineContext, timeoutSecs: number, startedAt = new Date(0)) {
  const cutoff = new Date(Date.now() - timeoutSecs * 1000);
  if (tooYoung(startedAt, cutoff)) return;
  const lost = await engine.db.dataTask.findMany({ where: { status: "Delivered", deliveredAt: { lt: cutoff } } });
  await handOutAgain(engine, lost, (host, t) => `agent ${host} did not start the delivered ${t.type} task within ${timeoutSecs} s`, timeoutSecs);
}

/** Delivered tasks an agent never got: back to Pending once; a task lost twice fails. */
async function handOutAgain(engine: EngineContext, lost: DataTask[], why: (host: string, t: DataTask) => string, timeoutSecs: number) {
  if (lost.length === 0) return;
  const connectors = await hostNames(engine, lost);
  const host = (t: DataTask) => connectors.get(t.connectorId)?.hostName ?? t.connectorId.toString();
  const twice: DataTask[] = [];
  for (const task of lost) {
    if (task.redeliveredAt !== null) {
      twice.push(task);
      continue;
    }
    const claimed = await engine.db.dataTask.updateMany({
      where: { id: task.id, status: "Delivered", deliveredAt: task.deliveredAt, redeliveredAt: null },
      data: { status: "Pending", redeliveredAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    engine.log.warn({ taskId: task.id.toString(), type: task.type, host: host(task) }, `${why(host(task), task)}; delivering it again`);
    engine.notifier.notify(task.connectorId);
  }
  await failTasks(
    engine,
    twice,
    (t) => `agent ${host(t)} stopped answering: it received the ${t.type} task twice and never reported on it (${timeoutSecs} s each time)`,
  );
}

/** Tasks delivered this long ago should be in the agent's list (it polls right after taking a command). */
const HELD_GRACE_MS = 10_000;

/**
 * An agent's poll lists the tasks it holds. A task the engine has out with it (delivered at least
 * HELD_GRACE_MS ago) that is missing from the list was lost by the agent: reported on before
 * (Queued/Running/Paused) → it fails now with a message; never reported on (Delivered) → the
 * agent never got it, it is handed out again (once).
 */
export async function reconcileHeldTasks(engine: EngineContext, connectorId: bigint, hostName: string, heldTaskIds: string[]) {
  const held = heldTaskIds.map((id) => BigInt(id));
  const out = await engine.db.dataTask.findMany({
    where: { connectorId, status: { in: ["Delivered", "Queued", "Running", "Paused"] }, deliveredAt: { lt: new Date(Date.now() - HELD_GRACE_MS) }, id: { notIn: held } },
  });
  if (out.length === 0) return;
  await handOutAgain(engine, out.filter((t) => t.status === "Delivered"), (host) => `agent ${host} does not hold the delivered task`, engine.config.taskDeliveryTimeoutSecs);
  await failTasks(
    engine,
    out.filter((t) => t.status !== "Delivered"),
    (t) => `agent ${hostName} no longer has this ${t.type} task (it restarted without it, or its state was lost); the task was given up`,
  );
}
