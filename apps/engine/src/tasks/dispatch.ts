// Data tasks: rows of DataTask that the long poll turns into agent commands. The command is built
// at delivery, with the repository added then — the host's repository behind the engine's gateway
// (areas/repositories), or for snapshots of before per-host repositories the tenant's former shared
// one — so no secret is stored in a task row or written to a log.
import type { AgentCommand } from "@lifeboat/agent-protocol";
import { agentCommand } from "../agent-protocol/commands.ts";
import type { DataTask, Prisma } from "../generated/prisma/client.ts";
import type { EngineContext } from "../context.ts";
import { tenantRepository } from "../areas/storage/storage-targets.ts";
import { gatewayRepository } from "../areas/repositories/task-repository.ts";

export type DataTaskType = "backup" | "restore" | "index" | "content" | "forget" | "check";
export const TERMINAL = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Superseded"];

export interface NewTask {
  tenantId: string;
  connectorId: bigint;
  type: DataTaskType;
  /** The command's own fields (without id, taskId, type, repository). */
  params: Record<string, unknown>;
  runId?: bigint;
  objectId?: bigint;
  recoverySeq?: bigint;
  snapshotId?: bigint;
  /** The host repository the task works on; default: the snapshot's (null = the tenant's former shared one). */
  repositoryId?: string | null;
}

export async function createTask(engine: EngineContext, t: NewTask, tx: Prisma.TransactionClient = engine.db): Promise<DataTask> {
  let repositoryId = t.repositoryId;
  if (repositoryId === undefined && t.snapshotId !== undefined) {
    repositoryId = (await tx.snapshot.findUnique({ where: { id: t.snapshotId }, select: { repositoryId: true } }))?.repositoryId ?? null;
  }
  const row = await tx.dataTask.create({
    data: {
      tenantId: t.tenantId,
      connectorId: t.connectorId,
      type: t.type,
      params: t.params as Prisma.InputJsonValue,
      runId: t.runId ?? null,
      objectId: t.objectId ?? null,
      recoverySeq: t.recoverySeq ?? null,
      snapshotId: t.snapshotId ?? null,
      repositoryId: repositoryId ?? null,
    },
  });
  return row;
}

/** The task's command; `agentOrigin`: where the agent reached this engine (its gateway is there too). */
export async function commandFor(engine: EngineContext, task: DataTask, agentOrigin?: string): Promise<AgentCommand> {
  const repository = task.repositoryId ? await gatewayRepository(engine, task, task.repositoryId, agentOrigin) : await tenantRepository(engine, task.tenantId);
  const params = typeof task.params === "object" && task.params !== null && !Array.isArray(task.params) ? task.params : {};
  return agentCommand({ ...params, id: `task-${task.id}`, taskId: task.id.toString(), type: task.type, repository });
}

/** Queues pause/resume/cancel of a delivered task for its agent (an AgentCommand row). */
export async function controlTask(engine: EngineContext, task: DataTask, action: "pause" | "resume" | "cancel"): Promise<void> {
  await engine.db.agentCommand.create({
    data: { connectorId: task.connectorId, type: "taskControl", payload: { taskId: task.id.toString(), action } },
  });
  engine.notifier.notify(task.connectorId);
}

/**
 * Ends a live task as Canceled with `message` (its report then gets 409 and is dropped) and, when
 * an agent has it, tells the agent to stop it. For tasks nobody waits for any more.
 */
export async function cancelTask(engine: EngineContext, task: DataTask, message: string): Promise<void> {
  const ended = await engine.db.dataTask.updateMany({
    where: { id: task.id, status: { notIn: TERMINAL } },
    data: { status: "Canceled", message, endedAt: new Date() },
  });
  if (ended.count !== 1) return;
  // Never handed out: nothing to stop (an agent that gets it later drops it at its first report).
  const fresh = await engine.db.dataTask.findUnique({ where: { id: task.id }, select: { deliveredAt: true } });
  if (fresh?.deliveredAt) await controlTask(engine, task, "cancel");
}
