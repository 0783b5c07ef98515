// §6 Recoveries of kPhysical file snapshots: RecoverFiles → a `restore` task on the target host's
// agent (original paths, or another registered host and folder); DownloadFilesAndFolders → a `zip`
// content task whose upload the engine keeps under its data dir for DownloadFilesFromRecovery.
import { conflict, EngineError, invalidField, notFound } from "../../errors.ts";
import { formatColonId, nowUsecs, parseColonId } from "../../ids.ts";
import type { OperationRequest, RequestContext } from "../../context.ts";
import type { Recovery } from "../../generated/prisma/client.ts";
import type { EngineContext } from "../../context.ts";
import { controlTask, createTask, TERMINAL } from "../../tasks/dispatch.ts";
import { isConnected } from "../connectors/handlers.ts";

/** A live snapshot of this tenant, with the agent currently on its host. */
export async function findTenantSnapshot(engine: EngineContext, tenantId: string, id: string) {
  const snapshot = /^\d{1,18}$/.test(id)
    ? await engine.db.snapshot.findFirst({ where: { id: BigInt(id), expiredAt: null, run: { group: { tenantId } } }, include: { run: { include: { group: true } } } })
    : null;
  if (!snapshot || !snapshot.resticSnapshotId) throw notFound("snapshot", id);
  return snapshot;
}

export async function agentOfObject(engine: EngineContext, tenantId: string, objectId: bigint) {
  const object = await engine.db.sourceObject.findFirst({ where: { id: objectId, tenantId }, include: { registration: true } });
  if (!object) throw notFound("object", objectId);
  const connectorId = object.registration.connectorId;
  if (connectorId === null) throw new EngineError("ServiceUnavailable", `no agent is registered on host ${object.name}`);
  return { object, connectorId };
}

/**
 * RecoverPhysicalParams of the recovery (§M.5): `objects` and `recoveryAction` are required, and
 * its recoveryAction enum has no DownloadFilesAndFolders (§Q 39) — a download recovery reads its
 * files from its snapshot as RecoverFiles does.
 */
function physicalParamsOf(r: Recovery) {
  const requested = (r.spec as { physicalParams?: Record<string, unknown> }).physicalParams ?? {};
  const objects = r.bytesRestored !== null
    ? [{ snapshotId: r.snapshotId.toString(), bytesRestored: Number(r.bytesRestored), status: r.status }]
    : (requested["objects"] as unknown[] | undefined) ?? [{ snapshotId: r.snapshotId.toString() }];
  return { ...requested, objects, recoveryAction: (requested["recoveryAction"] as string | undefined) ?? "RecoverFiles" };
}

function toWire(engine: EngineContext, r: Recovery) {
  return {
    id: formatColonId(engine.cluster, r.seq),
    name: r.name,
    startTimeUsecs: Number(r.startTimeUsecs),
    ...(r.endTimeUsecs !== null ? { endTimeUsecs: Number(r.endTimeUsecs) } : {}),
    status: r.status,
    snapshotEnvironment: r.environment,
    recoveryAction: r.action,
    ...(r.taskId !== null ? { progressTaskId: formatColonId(engine.cluster, r.taskId) } : {}),
    messages: r.messages,
    canTearDown: false,
    isParentRecovery: false,
    isMultiStageRestore: false,
    permissions: [],
    physicalParams: physicalParamsOf(r),
  };
}

export async function findRecovery(engine: EngineContext, tenantId: string, id: string) {
  const seq = parseColonId(engine.cluster, id);
  const r = seq === null ? null : await engine.db.recovery.findFirst({ where: { seq, tenantId } });
  if (!r) throw notFound("recovery", id);
  return r;
}


export async function createRecovery(ctx: RequestContext, input: OperationRequest<"createRecovery">) {
  const body = input.body;
  if (body.snapshotEnvironment !== "kPhysical") throw invalidField(`snapshotEnvironment`, `this engine recovers kPhysical file snapshots only, not ${body.snapshotEnvironment}`);
  const pp = body.physicalParams!;
  if (pp.recoveryAction !== "RecoverFiles") throw invalidField(`physicalParams.recoveryAction`, `only RecoverFiles is supported, not ${pp.recoveryAction}`);
  const fp = pp.recoverFileAndFolderParams;
  if (!fp) throw invalidField("physicalParams.recoverFileAndFolderParams", "required for RecoverFiles");
  if (pp.objects.length !== 1) throw invalidField("physicalParams.objects", "name exactly one snapshot to recover from");
  const snapshot = await findTenantSnapshot(ctx, ctx.tenantId, pp.objects[0]!.snapshotId);
  const target = fp.physicalTargetParams;
  const toOriginal = target?.restoreToOriginalPaths ?? !target?.alternateRestoreDirectory;
  if (!toOriginal && !target?.alternateRestoreDirectory?.startsWith("/")) {
    throw invalidField("physicalParams.recoverFileAndFolderParams.physicalTargetParams.alternateRestoreDirectory", "must be an absolute folder");
  }
  fp.filesAndFolders.forEach((f, i) => {
    if (!f.absolutePath.startsWith("/")) throw invalidField(`physicalParams.recoverFileAndFolderParams.filesAndFolders[${i}].absolutePath`, `must be absolute`);
  });
  const { connectorId } = await agentOfObject(ctx, ctx.tenantId, target ? BigInt(target.recoverTarget.id) : snapshot.objectId);
  const recovery = await ctx.db.recovery.create({
    data: { tenantId: ctx.tenantId, name: body.name, action: "RecoverFiles", environment: "kPhysical", status: "Accepted", spec: body as object, snapshotId: snapshot.id, messages: [], startTimeUsecs: nowUsecs() },
  });
  const task = await createTask(ctx, {
    tenantId: ctx.tenantId,
    connectorId,
    type: "restore",
    recoverySeq: recovery.seq,
    snapshotId: snapshot.id,
    params: {
      recoveryId: formatColonId(ctx.cluster, recovery.seq),
      snapshotId: snapshot.resticSnapshotId,
      include: fp.filesAndFolders.map((f) => f.absolutePath),
      target: toOriginal ? { kind: "original" } : { kind: "alternate", path: target!.alternateRestoreDirectory },
      overwrite: target?.overwriteExisting ?? true,
      preserveAttributes: target?.preserveAttributes ?? true,
    },
  });
  const updated = await ctx.db.recovery.update({ where: { seq: recovery.seq }, data: { taskId: task.id } });
  ctx.notifier.notify(connectorId);
  return toWire(ctx, updated);
}

export async function createDownloadFilesAndFoldersRecovery(ctx: RequestContext, input: OperationRequest<"createDownloadFilesAndFoldersRecovery">) {
  const body = input.body;
  if (body.filesAndFolders.length === 0) throw invalidField("filesAndFolders", "name at least one file or folder");
  body.filesAndFolders.forEach((f, i) => {
    if (!f.absolutePath.startsWith("/")) throw invalidField(`filesAndFolders[${i}].absolutePath`, `must be absolute`);
  });
  const snapshot = await findTenantSnapshot(ctx, ctx.tenantId, body.object.snapshotId);
  const { connectorId } = await agentOfObject(ctx, ctx.tenantId, snapshot.objectId);
  const recovery = await ctx.db.recovery.create({
    data: { tenantId: ctx.tenantId, name: body.name, action: "DownloadFilesAndFolders", environment: "kPhysical", status: "Accepted", spec: body as object, snapshotId: snapshot.id, messages: [], startTimeUsecs: nowUsecs() },
  });
  const task = await createTask(ctx, {
    tenantId: ctx.tenantId,
    connectorId,
    type: "content",
    recoverySeq: recovery.seq,
    snapshotId: snapshot.id,
    params: { snapshotId: snapshot.resticSnapshotId, paths: body.filesAndFolders.map((f) => f.absolutePath), format: "zip" },
  });
  const updated = await ctx.db.recovery.update({ where: { seq: recovery.seq }, data: { taskId: task.id } });
  ctx.notifier.notify(connectorId);
  return toWire(ctx, updated);
}

export async function getRecoveries(ctx: RequestContext, input: OperationRequest<"getRecoveries">) {
  const q = input.query;
  const rows = await ctx.db.recovery.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(q.ids?.length ? { seq: { in: q.ids.map((id) => parseColonId(ctx.cluster, id) ?? -1n) } } : {}),
      startTimeUsecs: { ...(q.startTimeUsecs !== undefined ? { gte: BigInt(q.startTimeUsecs) } : {}), ...(q.endTimeUsecs !== undefined ? { lte: BigInt(q.endTimeUsecs) } : {}) },
      ...(q.status?.length ? { status: { in: q.status } } : {}),
      ...(q.recoveryActions?.length ? { action: { in: q.recoveryActions } } : {}),
      ...(q.snapshotEnvironments?.length ? { environment: { in: q.snapshotEnvironments } } : {}),
    },
    orderBy: { startTimeUsecs: "desc" },
    take: 1000,
  });
  return { recoveries: rows.map((r) => toWire(ctx, r)) };
}

export async function getRecoveryByID(ctx: RequestContext, input: OperationRequest<"getRecoveryByID">) {
  return toWire(ctx, await findRecovery(ctx, ctx.tenantId, input.pathParams.id!));
}

/**
 * CancelRecoveryByID (§13): a recovery goes through `Canceling` to `Canceled`. The agent stops the
 * task and reports it Canceled within seconds whatever the task is doing (apps/agent
 * task-manager.ts). When the host's agent is offline nobody would report it, so the recovery ends
 * Canceled at once and the agent stops the task when it comes back (its late report is then
 * refused and dropped). A recovery that already ended, or is being canceled, is a 409.
 */
export async function cancelRecoveryByID(ctx: RequestContext, input: OperationRequest<"cancelRecoveryByID">) {
  const id = input.pathParams["id"]!;
  const recovery = await findRecovery(ctx, ctx.tenantId, id);
  const task = recovery.taskId === null ? null : await ctx.db.dataTask.findUnique({ where: { id: recovery.taskId } });
  if (!task || TERMINAL.includes(task.status)) throw conflict(`recovery ${id} is not running (${recovery.status}); only a running recovery can be canceled`);
  if (recovery.status === "Canceling") throw conflict(`recovery ${id} is being canceled already`);
  if (task.status === "Pending" || task.status === "Waiting") {
    await ctx.db.dataTask.update({ where: { id: task.id }, data: { status: "Canceled", message: "canceled before it started", endedAt: new Date() } });
    await ctx.db.recovery.update({ where: { seq: recovery.seq }, data: { status: "Canceled", messages: ["canceled before it started"] } });
    return;
  }
  // Canceling before the agent hears of it: its Canceled report may come back at once.
  await ctx.db.recovery.updateMany({ where: { seq: recovery.seq, status: { in: ["Accepted", "Running", "Paused", "OnHold"] } }, data: { status: "Canceling" } });
  await controlTask(ctx, task, "cancel");
  const connector = await ctx.db.connector.findUnique({ where: { id: task.connectorId } });
  if (!connector || !isConnected(connector, ctx.config.agentOfflineSecs)) {
    const ended = await ctx.db.dataTask.updateMany({ where: { id: task.id, status: task.status }, data: { status: "Canceling" } });
    if (ended.count === 1) {
      const host = connector?.hostName ?? `connector ${task.connectorId}`;
      await ctx.events.onResult(task, { status: "Canceled", message: `canceled while the agent of ${host} was offline; it stops the task when it is back`, warnings: [] });
    }
  }
}
