// §6 Recoveries of kPhysical file snapshots: RecoverFiles → a `restore` task on the target host's
// agent (original paths, or another registered host and folder); DownloadFilesAndFolders → a `zip`
// content task whose upload the engine keeps under its data dir for DownloadFilesFromRecovery.
import { EngineError, invalidField, notFound } from "../../errors.ts";
import { formatColonId, nowUsecs, parseColonId } from "../../ids.ts";
import type { OperationRequest, RequestContext } from "../../context.ts";
import type { Recovery } from "../../generated/prisma/client.ts";
import type { EngineContext } from "../../context.ts";
import { createTask } from "../../tasks/dispatch.ts";

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
    physicalParams: {
      ...((r.spec as { physicalParams?: object }).physicalParams ?? {}),
      ...(r.bytesRestored !== null ? { objects: [{ snapshotId: r.snapshotId.toString(), bytesRestored: Number(r.bytesRestored), status: r.status }] } : {}),
    },
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
