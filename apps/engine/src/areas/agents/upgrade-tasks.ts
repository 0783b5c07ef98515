// Agent upgrade tasks (reference §8, §M.6 AgentUpgradeTaskState). Agent ids on the wire are the
// host object ids of physical registrations (the id Cohesity shows an agent under); each maps to
// the connector running on that host. Starting a task queues an `upgrade` command per agent (sent
// in its next heartbeat answer); the agents report back through /agent/v1/commands/{id}/result.
import type { CommandResult } from "@lifeboat/agent-protocol";
import type { OperationRequest, RequestContext } from "../../context.ts";
import type { EngineDb } from "../../db.ts";
import { invalidField } from "../../errors.ts";
import { nowUsecs } from "../../ids.ts";
import type { AgentCommand, Connector, Prisma, UpgradeTask, UpgradeTaskAgent } from "../../generated/prisma/client.ts";
import { readAgentPackage } from "./package.ts";

type TaskRow = UpgradeTask & { agents: UpgradeTaskAgent[] };

const usecs = (v: bigint | null) => (v === null ? undefined : Number(v));

function toTask(t: TaskRow) {
  return {
    id: Number(t.id),
    name: t.name ?? undefined,
    description: t.description ?? undefined,
    type: t.type,
    status: t.status,
    agentIDs: t.agents.map((a) => Number(a.agentId)),
    agents: t.agents.map((a) => ({
      id: Number(a.agentId),
      info: {
        name: a.name,
        status: a.status,
        previousSoftwareVersion: a.previousSoftwareVersion ?? undefined,
        startTimeUsecs: usecs(a.startTimeUsecs),
        endTimeUsecs: usecs(a.endTimeUsecs),
        ...(a.errorMessage ? { error: { errorCode: "UpgradeFailed", message: a.errorMessage } } : {}),
      },
    })),
    clusterVersion: t.targetVersion,
    isRetryable: t.status === "Failed" || t.status === "PartiallyFailed",
    ...(t.retriedTaskId !== null ? { retriedTaskID: Number(t.retriedTaskId) } : {}),
    scheduleTimeUsecs: Number(t.scheduleTimeUsecs),
    scheduleEndTimeUsecs: usecs(t.scheduleEndTimeUsecs),
    startTimeUsecs: usecs(t.startTimeUsecs),
    endTimeUsecs: usecs(t.endTimeUsecs),
  };
}

export async function getUpgradeTasks(ctx: RequestContext, input: OperationRequest<"getUpgradeTasks">) {
  const q = input.query;
  const rows = await ctx.db.upgradeTask.findMany({
    where: { tenantId: ctx.tenantId, ...(q.ids ? { id: { in: q.ids.map((i) => BigInt(i)) } } : {}) },
    include: { agents: { orderBy: { agentId: "asc" } } },
    orderBy: { id: "asc" },
  });
  return { tasks: rows.map(toTask) };
}

export async function createUpgradeTask(ctx: RequestContext, input: OperationRequest<"createUpgradeTask">) {
  const body = input.body;
  const pkg = await readAgentPackage(ctx.config.agentPackageDir);
  let agentIds = body.agentIDs ?? [];
  if (body.retryTaskId !== undefined) {
    const previous = await ctx.db.upgradeTask.findFirst({
      where: { id: BigInt(body.retryTaskId), tenantId: ctx.tenantId },
      include: { agents: true },
    });
    if (!previous) throw invalidField(`retryTaskId`, `upgrade task ${body.retryTaskId} does not exist`);
    if (agentIds.length === 0) agentIds = previous.agents.filter((a) => a.status === "Failed").map((a) => Number(a.agentId));
  }
  if (agentIds.length === 0) throw invalidField("agentIDs", "name at least one agent (the host object id of a registered physical source)");
  if (new Set(agentIds).size !== agentIds.length) throw invalidField("agentIDs", "each agent may appear only once");
  const hosts = await ctx.db.sourceObject.findMany({
    where: { tenantId: ctx.tenantId, id: { in: agentIds.map((i) => BigInt(i)) }, objectType: "kHost" },
    include: { registration: { select: { connectorId: true } } },
  });
  const byId = new Map(hosts.map((h) => [Number(h.id), h]));
  agentIds.forEach((id, i) => {
    if (!byId.has(id)) throw invalidField(`agentIDs[${i}]`, `${id} is not the host id of a registered physical source`);
  });
  const now = nowUsecs();
  const scheduleAt = body.scheduleTimeUsecs !== undefined ? BigInt(body.scheduleTimeUsecs) : now;
  if (body.scheduleEndTimeUsecs !== undefined && BigInt(body.scheduleEndTimeUsecs) < scheduleAt) {
    throw invalidField("scheduleEndTimeUsecs", "must not be before scheduleTimeUsecs");
  }
  const task = await ctx.db.upgradeTask.create({
    data: {
      tenantId: ctx.tenantId,
      name: body.name ?? null,
      description: body.description ?? null,
      type: body.retryTaskId !== undefined ? "Retry" : "Manual",
      status: "Scheduled",
      retriedTaskId: body.retryTaskId !== undefined ? BigInt(body.retryTaskId) : null,
      targetVersion: pkg.version,
      scheduleTimeUsecs: scheduleAt,
      scheduleEndTimeUsecs: body.scheduleEndTimeUsecs !== undefined ? BigInt(body.scheduleEndTimeUsecs) : null,
      agents: {
        create: agentIds.map((id) => {
          const host = byId.get(id)!;
          return { agentId: BigInt(id), connectorId: host.registration.connectorId, name: host.name, status: "Scheduled" };
        }),
      },
    },
    include: { agents: true },
  });
  await ctx.queue.scheduleUpgradeTask(task.id, new Date(Number(scheduleAt / 1000n)));
  return toTask(task);
}

/** Job handler: queue one `upgrade` command per agent of the task (idempotent on retries). */
export async function startUpgradeTask(db: EngineDb, agentPackageDir: string, taskId: bigint): Promise<void> {
  const task = await db.upgradeTask.findUnique({ where: { id: taskId }, include: { agents: true } });
  if (!task || task.status !== "Scheduled") return;
  const now = nowUsecs();
  if (task.scheduleEndTimeUsecs !== null && now > task.scheduleEndTimeUsecs) {
    await db.upgradeTask.update({ where: { id: taskId }, data: { status: "Canceled", endTimeUsecs: now } });
    return;
  }
  const pkg = await readAgentPackage(agentPackageDir);
  await db.$transaction(async (tx) => {
    for (const agent of task.agents) {
      const connector = agent.connectorId === null ? null : await tx.connector.findUnique({ where: { id: agent.connectorId } });
      const where = { taskId_agentId: { taskId, agentId: agent.agentId } };
      if (!connector) {
        await tx.upgradeTaskAgent.update({ where, data: { status: "Failed", endTimeUsecs: now, errorMessage: "no agent is connected for this host any more" } });
        continue;
      }
      if (connector.agentVersion === pkg.version) {
        await tx.upgradeTaskAgent.update({ where, data: { status: "Skipped", previousSoftwareVersion: connector.agentVersion, startTimeUsecs: now, endTimeUsecs: now } });
        continue;
      }
      await tx.upgradeTaskAgent.update({ where, data: { status: "Started", previousSoftwareVersion: connector.agentVersion, startTimeUsecs: now } });
      await tx.agentCommand.create({
        data: {
          connectorId: connector.id,
          type: "upgrade",
          payload: { taskId: taskId.toString(), targetVersion: pkg.version, packagePath: `/package/${pkg.packageFile}`, sha256: pkg.sha256 } as Prisma.InputJsonValue,
        },
      });
    }
    await tx.upgradeTask.update({ where: { id: taskId }, data: { status: "Running", startTimeUsecs: now } });
  });
  await finishIfDone(db, taskId);
}

/** Command-result hook: record one agent's outcome and settle the task when all are done. */
export async function recordUpgradeResult(db: EngineDb, command: AgentCommand, connector: Connector, result: CommandResult): Promise<void> {
  const taskId = BigInt((command.payload as { taskId: string }).taskId);
  await db.upgradeTaskAgent.updateMany({
    where: { taskId, connectorId: connector.id, status: "Started" },
    data: {
      status: result.status === "Succeeded" ? "Succeeded" : "Failed",
      endTimeUsecs: nowUsecs(),
      errorMessage: result.status === "Failed" ? (result.message ?? "the agent reported a failure") : null,
    },
  });
  await finishIfDone(db, taskId);
}

async function finishIfDone(db: EngineDb, taskId: bigint): Promise<void> {
  const agents = await db.upgradeTaskAgent.findMany({ where: { taskId } });
  if (agents.some((a) => a.status === "Scheduled" || a.status === "Started")) return;
  const failed = agents.filter((a) => a.status === "Failed").length;
  const status = failed === 0 ? "Succeeded" : failed === agents.length ? "Failed" : "PartiallyFailed";
  await db.upgradeTask.updateMany({ where: { id: taskId, status: { in: ["Running", "Scheduled"] } }, data: { status, endTimeUsecs: nowUsecs() } });
}
