// Never stuck Running: a task whose agent stopped polling and reporting for ENGINE_TASK_TIMEOUT_SECS
// fails with a message (its run or recovery follows), and tasks that were out with agents when the
// engine (re)started fail at start — the agent's late report then gets 409 and is dropped. The next
// backup on that host unlocks the repository and rebuilds its index (agent side).
import type { DataTask } from "../../generated/prisma/client.ts";
import type { DataProtect } from "../context.ts";
import { TERMINAL } from "./dispatch.ts";
import type { TaskEvents } from "./task-events.ts";

async function failTasks(dp: DataProtect, events: TaskEvents, tasks: DataTask[], message: string) {
  for (const task of tasks) {
    const claimed = await dp.db.dataTask.updateMany({ where: { id: task.id, status: task.status }, data: { status: "Delivered" } });
    if (claimed.count !== 1) continue;
    dp.log.warn({ taskId: task.id.toString(), type: task.type }, message);
    await events.onResult(task, { status: "Failed", message, warnings: [] });
  }
}

export async function failTasksOfPreviousEngine(dp: DataProtect, events: TaskEvents, startedAt: Date) {
  const tasks = await dp.db.dataTask.findMany({ where: { status: { notIn: [...TERMINAL, "Pending"] }, deliveredAt: { lt: startedAt } } });
  await failTasks(dp, events, tasks, "the engine restarted while this task was running; the next run starts it again");
}

export async function failStaleTasks(dp: DataProtect, events: TaskEvents) {
  const cutoff = new Date(Date.now() - dp.taskTimeoutSecs * 1000);
  const stale = await dp.db.dataTask.findMany({
    where: { status: { notIn: TERMINAL }, OR: [{ lastReportAt: { lt: cutoff } }, { lastReportAt: null, createdAt: { lt: cutoff } }] },
  });
  if (stale.length === 0) return;
  const connectors = new Map(
    (await dp.db.connector.findMany({ where: { id: { in: [...new Set(stale.map((t) => t.connectorId))] } } })).map((c) => [c.id, c]),
  );
  // A polling agent is alive: a quiet task of a live agent (e.g. a long pause) is left alone.
  const dead = stale.filter((t) => {
    const c = connectors.get(t.connectorId);
    return !c || c.lastHeartbeatAt < cutoff;
  });
  await failTasks(dp, events, dead, `the agent stopped responding (no poll or report for ${dp.taskTimeoutSecs} s); the task was given up`);
}
