// GetObjectSnapshots (§7) and GetRestorePointsInTimeRange (§6, a read answering 201 — §Q 5), from
// the engine's own snapshot table. Snapshot ids on the wire are the decimal Snapshot.id.
import { invalidField, notFound } from "../../errors.ts";
import { formatColonId, parseColonId } from "../../ids.ts";
import type { OperationRequest, RequestContext } from "../../context.ts";

/** IndexingStatus of §E from the engine's states. */
export const INDEXING_STATUS: Record<string, string> = { kDone: "Done", kFailed: "Error", kInProgress: "InProgress", kNotStarted: "NoIndex" };

export async function getObjectSnapshots(ctx: RequestContext, input: OperationRequest<"getObjectSnapshots">) {
  const objectId = BigInt(input.pathParams.id!);
  const q = input.query;
  const groupSeqs = q.protectionGroupIds?.map((id) => parseColonId(ctx.cluster, id) ?? -1n);
  const rows = await ctx.db.snapshot.findMany({
    where: {
      objectId,
      expiredAt: null,
      run: {
        group: { tenantId: ctx.tenantId },
        ...(groupSeqs?.length ? { groupSeq: { in: groupSeqs } } : {}),
        ...(q.runTypes?.length ? { runType: { in: q.runTypes } } : {}),
        ...(q.runInstanceIds?.length ? { id: { in: q.runInstanceIds.map((i) => BigInt(i)) } } : {}),
      },
      timestampUsecs: {
        ...(q.fromTimeUsecs !== undefined ? { gte: BigInt(q.fromTimeUsecs) } : {}),
        ...(q.toTimeUsecs !== undefined ? { lte: BigInt(q.toTimeUsecs) } : {}),
      },
    },
    include: { run: { include: { group: true } } },
    orderBy: { timestampUsecs: "desc" },
    take: 1000,
  });
  const object = await ctx.db.sourceObject.findFirst({ where: { id: objectId, tenantId: ctx.tenantId } });
  return {
    snapshots: rows.map((s) => ({
      id: s.id.toString(),
      clusterId: Number(ctx.cluster.clusterId),
      clusterIncarnationId: Number(ctx.cluster.incarnationId),
      environment: "kPhysical",
      objectId: Number(s.objectId),
      objectName: object?.name,
      sourceId: Number(s.objectId),
      protectionGroupId: formatColonId(ctx.cluster, s.run.groupSeq),
      protectionGroupName: s.run.group.name,
      protectionGroupRunId: `${s.run.groupSeq}:${s.run.startTimeUsecs}`,
      runInstanceId: Number(s.run.id),
      runStartTimeUsecs: Number(s.run.startTimeUsecs),
      runType: s.run.runType,
      snapshotTimestampUsecs: Number(s.timestampUsecs),
      snapshotTargetType: "Local",
      indexingStatus: INDEXING_STATUS[s.indexingStatus] ?? "NoIndex",
      onLegalHold: s.onLegalHold,
      hasDataLock: s.dataLockUntilUsecs !== null,
      ...(s.expiryTimeUsecs !== null ? { expiryTimeUsecs: Number(s.expiryTimeUsecs) } : {}),
      physicalParams: { protectionType: "kFile" },
    })),
  };
}

export async function getRestorePointsInTimeRange(ctx: RequestContext, input: OperationRequest<"getRestorePointsInTimeRange">) {
  const body = input.body;
  if (body.environment !== "kPhysical") throw invalidField(`environment`, `this engine keeps kPhysical snapshots only, not ${body.environment}`);
  const seqs = body.protectionGroupIds.map((id) => parseColonId(ctx.cluster, id) ?? -1n);
  const rows = await ctx.db.snapshot.findMany({
    where: {
      expiredAt: null,
      timestampUsecs: { gte: BigInt(body.startTimeUsecs), lte: BigInt(body.endTimeUsecs) },
      run: { groupSeq: { in: seqs }, group: { tenantId: ctx.tenantId } },
      ...(body.sourceId !== undefined ? { objectId: BigInt(body.sourceId) } : {}),
    },
    include: { run: true },
    orderBy: { timestampUsecs: "asc" },
    take: 1000,
  });
  const objects = new Map((await ctx.db.sourceObject.findMany({ where: { id: { in: rows.map((r) => r.objectId) } } })).map((o) => [o.id, o]));
  return {
    fullSnapshotInfo: rows.map((s) => ({
      restoreInfo: {
        objectInfo: { id: Number(s.objectId), name: objects.get(s.objectId)?.name, environment: "kPhysical", objectType: "kHost" },
        protectionGroupId: formatColonId(ctx.cluster, s.run.groupSeq),
        runStartTimeUsecs: Number(s.run.startTimeUsecs),
      },
    })),
    timeRangeInfo: { timeRanges: [] },
  };
}

/**
 * ConstructMetaInfo (§13): the restore meta-info of a snapshot. The engine's snapshots are kPhysical
 * file backups, whose SDK model has no environment block, so the answer is `{environment}`; 404 for
 * an unknown snapshot, 400 for an environment the snapshot was not taken in.
 */
export async function constructMetaInfo(ctx: RequestContext, input: OperationRequest<"constructMetaInfo">) {
  const id = input.pathParams["snapshotId"]!;
  const snapshot = /^\d{1,18}$/.test(id)
    ? await ctx.db.snapshot.findFirst({ where: { id: BigInt(id), expiredAt: null, run: { group: { tenantId: ctx.tenantId } } }, include: { run: { include: { group: true } } } })
    : null;
  if (!snapshot) throw notFound("snapshot", id);
  const environment = snapshot.run.group.environment;
  if (input.body.environment !== environment) {
    throw invalidField("environment", `snapshot ${id} was taken by a ${environment} protection group, not ${input.body.environment}; this engine keeps ${environment} snapshots only`);
  }
  return { environment };
}
