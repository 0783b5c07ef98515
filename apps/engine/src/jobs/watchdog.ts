// Never stuck: a task whose agent stopped polling and reporting for ENGINE_TASK_TIMEOUT_SECS fails
// with a message (its run or recovery follows); a task that was handed to an agent in a poll answer
// but never reported on for ENGINE_TASK_DELIVERY_TIMEOUT_SECS (the answer was lost, or the agent
// died or restarted right after it) is handed out once more, and fails the second time; and tasks
// that were out with agents when the engine (re)started fail at start — the agent's late report
// then gets 409 and is dropped — unless other engine processes are running on the database (they
// refresh EngineProcess rows): then the tasks may be theirs and are left to the timeouts above. The next backup on that host unlocks the repository and rebuilds
// its index (agent side).
import type { DataTask } from "../generated/prisma/client.ts";
import type { EngineContext } from "../context.ts";
import { TERMINAL } from "../tasks/dispatch.ts";

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

export async function failTasksOfPreviousEngine(engine: EngineContext, startedAt: Date, peers = 0) {
  if (peers > 0) {
    engine.log.info({ peers }, "other engine processes are running: the tasks out with agents stay theirs");
    return;
  }
  const tasks = await engine.db.dataTask.findMany({ where: { status: { notIn: [...TERMINAL, "Pending", "Waiting"] }, deliveredAt: { lt: startedAt } } });
  await failTasks(engine, tasks, () => "the engine restarted while this task was running; the next run starts it again");
}

export async function failStaleTasks(engine: EngineContext) {
  const cutoff = new Date(Date.now() - engine.config.taskTimeoutSecs * 1000);
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
export async function redeliverLostTasks(engine: EngineContext, timeoutSecs: number) {
  const cutoff = new Date(Date.now() - timeoutSecs * 1000);
  const lost = await engine.db.dataTask.findMany({ where: { status: "Delivered", deliveredAt: { lt: cutoff } } });
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
    engine.log.warn({ taskId: task.id.toString(), type: task.type, host: host(task) }, `agent ${host(task)} did not start the delivered task within ${timeoutSecs} s; delivering it again`);
    engine.notifier.notify(task.connectorId);
  }
  await failTasks(
    engine,
    twice,
    (t) => `agent ${host(t)} stopped answering: it received the ${t.type} task twice and never reported on it (${timeoutSecs} s each time)`,
  );
}
