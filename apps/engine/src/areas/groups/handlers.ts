// Protection groups (reference §3): kPhysical file-based groups bound to a policy. Deleting a group
// that owns snapshots keeps it as `isDeleted` unless `deleteSnapshots=true` (§3 DELETE, isDeleted
// filter); names are unique among live groups of a tenant.
import type { ProtectionPolicyRequest } from "@lifeboat/contracts";
import { isProtectOnce } from "@lifeboat/policy";
import type { OperationRequest, RequestContext } from "../../context.ts";
import { conflict, EngineError, invalidField, notFound } from "../../errors.ts";
import { formatColonId, nextStamp, nowUsecs, parseColonId } from "../../ids.ts";
import type { Prisma, ProtectionGroup, ProtectionRun } from "../../generated/prisma/client.ts";
import { isSlaViolated } from "../runs/sla.ts";
import { findPolicy } from "../policies/handlers.ts";
import { unsupportedEnvironment } from "../sources/handlers.ts";

type GroupBody = OperationRequest<"createProtectionGroup">["body"];

type GroupRow = ProtectionGroup & {
  policy: { spec: unknown };
  objects: { objectId: bigint }[];
  runs?: ProtectionRun[];
};

const P = "physicalParams.fileProtectionTypeParams";

function runSummary(ctx: RequestContext, g: GroupRow, run: ProtectionRun) {
  const id = formatColonId(ctx.cluster, g.seq);
  return {
    id: `${g.seq}:${run.startTimeUsecs}`,
    protectionGroupId: id,
    protectionGroupName: g.name,
    environment: g.environment,
    isLocalSnapshotsDeleted: false,
    localBackupInfo: {
      runType: run.runType,
      status: run.status,
      startTimeUsecs: Number(run.startTimeUsecs),
      ...(run.endTimeUsecs !== null ? { endTimeUsecs: Number(run.endTimeUsecs) } : {}),
      ...(run.message ? { messages: [run.message] } : {}),
    },
  };
}

function toGroup(ctx: RequestContext, g: GroupRow) {
  const policy = g.policy.spec as ProtectionPolicyRequest;
  const lastRun = g.runs?.[0];
  return {
    ...(g.spec as object),
    id: formatColonId(ctx.cluster, g.seq),
    name: g.name,
    clusterId: ctx.cluster.clusterId.toString(),
    policyId: formatColonId(ctx.cluster, g.policySeq),
    environment: g.environment,
    isActive: g.isActive,
    isDeleted: g.isDeleted,
    isPaused: g.isPaused,
    isProtectOnce: isProtectOnce(policy),
    // Lifeboat extension (contracts ProtectionGroup.creationTimeUsecs): the anchor of fixed-interval schedules.
    creationTimeUsecs: g.createdAt.getTime() * 1000,
    lastModifiedTimestampUsecs: Number(g.lastModifiedTimestampUsecs),
    numProtectedObjects: g.objects.length,
    permissions: [],
    missingEntities: [],
    ...(lastRun ? { lastRun: runSummary(ctx, g, lastRun) } : {}),
  };
}

const includeFor = (withLastRun: boolean) => ({
  policy: { select: { spec: true } },
  objects: { select: { objectId: true } },
  ...(withLastRun ? { runs: { orderBy: { startTimeUsecs: "desc" as const }, take: 1 } } : {}),
});

async function findGroup(ctx: RequestContext, id: string, withLastRun = false): Promise<GroupRow> {
  const seq = parseColonId(ctx.cluster, id);
  const row = seq === null ? null : await ctx.db.protectionGroup.findFirst({
    where: { seq, tenantId: ctx.tenantId },
    include: includeFor(withLastRun),
  });
  if (!row) throw notFound("protection group", id);
  return row;
}

/** Checks a create/update body; returns the policy seq and the protected host object ids. */
async function validateGroup(ctx: RequestContext, body: GroupBody, selfSeq?: bigint) {
  if (body.environment !== "kPhysical") throw unsupportedEnvironment(body.environment, "protection groups");
  if (body.name.trim().length === 0) throw invalidField("name", "must not be blank");
  const st = body.startTime;
  if (st && (!Number.isInteger(st.hour) || st.hour < 0 || st.hour > 23 || !Number.isInteger(st.minute) || st.minute < 0 || st.minute > 59)) {
    throw invalidField(`startTime`, `${st.hour}:${st.minute} is not a time of day (hour 0..23, minute 0..59)`);
  }
  const pp = body.physicalParams;
  if (!pp) throw invalidField("physicalParams", "required for environment kPhysical");
  if (pp.protectionType !== "kFile") {
    throw invalidField(`physicalParams.protectionType`, `only kFile (file-based) groups are supported, got ${pp.protectionType}`);
  }
  const fp = pp.fileProtectionTypeParams;
  if (!fp || fp.objects.length === 0) throw invalidField(`${P}.objects`, `name at least one host to protect`);
  let policySeq: bigint;
  try {
    policySeq = (await findPolicy(ctx, body.policyId)).seq;
  } catch {
    throw invalidField(`policyId`, `protection policy ${body.policyId} does not exist`);
  }
  const ids = fp.objects.map((o) => BigInt(o.id));
  if (new Set(ids).size !== ids.length) throw invalidField(`${P}.objects`, `each host may appear only once`);
  const hosts = await ctx.db.sourceObject.findMany({
    where: { tenantId: ctx.tenantId, id: { in: ids }, objectType: "kHost" },
    select: { id: true },
  });
  const known = new Set(hosts.map((h) => h.id));
  fp.objects.forEach((o, i) => {
    if (!known.has(BigInt(o.id))) throw invalidField(`${P}.objects[${i}].id`, `${o.id} is not a registered physical host of this tenant`);
    o.filePaths?.forEach((f, j) => {
      if (!f.includedPath.startsWith("/") && !/^[A-Za-z]:\\/.test(f.includedPath)) {
        throw invalidField(`${P}.objects[${i}].filePaths[${j}].includedPath`, `must be an absolute path, got ${JSON.stringify(f.includedPath)}`);
      }
      f.excludedPaths?.forEach((x, k) => {
        if (x.length === 0) throw invalidField(`${P}.objects[${i}].filePaths[${j}].excludedPaths[${k}]`, `must not be empty`);
      });
    });
  });
  const clash = await ctx.db.protectionGroup.findFirst({
    where: { tenantId: ctx.tenantId, name: body.name, isDeleted: false, ...(selfSeq !== undefined ? { NOT: { seq: selfSeq } } : {}) },
  });
  if (clash) throw conflict(`a protection group named ${JSON.stringify(body.name)} already exists`);
  return { policySeq, objectIds: ids };
}

function specOf(body: GroupBody): Prisma.InputJsonValue {
  const { lastModifiedTimestampUsecs: _a, isPaused: _b, ...rest } = body;
  return rest as unknown as Prisma.InputJsonValue;
}

export async function createProtectionGroup(ctx: RequestContext, input: OperationRequest<"createProtectionGroup">) {
  const body = input.body;
  const { policySeq, objectIds } = await validateGroup(ctx, body);
  const row = await ctx.db.protectionGroup.create({
    data: {
      tenantId: ctx.tenantId, name: body.name, policySeq, environment: body.environment, isPaused: body.isPaused ?? false,
      spec: specOf(body), lastModifiedTimestampUsecs: nowUsecs(), objects: { create: objectIds.map((objectId) => ({ objectId })) },
    },
    include: includeFor(false),
  });
  return toGroup(ctx, row);
}

export async function getProtectionGroupByID(ctx: RequestContext, input: OperationRequest<"getProtectionGroupByID">) {
  const q = input.query;
  return toGroup(ctx, await findGroup(ctx, input.pathParams["id"]!, q.includeLastRunInfo ?? false));
}

/** Groups whose latest run has one of `statuses` (DISTINCT ON keeps it one pass in PostgreSQL). */
async function groupsWithLastRunStatus(ctx: RequestContext, statuses: string[]): Promise<bigint[]> {
  const rows = await ctx.db.$queryRaw<{ groupSeq: bigint }[]>`
    SELECT t."groupSeq" FROM (
      SELECT DISTINCT ON (r."groupSeq") r."groupSeq", r.status FROM "ProtectionRun" r
      JOIN "ProtectionGroup" g ON g.seq = r."groupSeq" WHERE g."tenantId" = ${ctx.tenantId}
      ORDER BY r."groupSeq", r."startTimeUsecs" DESC) t
    WHERE t.status = ANY(${statuses})`;
  return rows.map((r) => BigInt(r.groupSeq));
}

/** Groups whose latest run did (or, with `violated` false, did not) breach the group's SLA. */
async function groupsByLastRunSla(ctx: RequestContext, violated: boolean): Promise<bigint[]> {
  const rows = await ctx.db.$queryRaw<{ groupSeq: bigint; spec: unknown; runType: string; isFull: boolean; startTimeUsecs: bigint; endTimeUsecs: bigint | null }[]>`
    SELECT DISTINCT ON (r."groupSeq") r."groupSeq", g.spec, r."runType", r."isFull", r."startTimeUsecs", r."endTimeUsecs"
    FROM "ProtectionRun" r JOIN "ProtectionGroup" g ON g.seq = r."groupSeq"
    WHERE g."tenantId" = ${ctx.tenantId}
    ORDER BY r."groupSeq", r."startTimeUsecs" DESC`;
  const now = BigInt(Date.now()) * 1000n;
  return rows.filter((r) => isSlaViolated(r.spec, r, now) === violated).map((r) => BigInt(r.groupSeq));
}

export async function getProtectionGroups(ctx: RequestContext, input: OperationRequest<"getProtectionGroups">) {
  const q = input.query;
  // Only local backups exist here: filters on replication/archival/cloud-spin runs can match nothing.
  if (q.lastRunReplicationStatus?.length || q.lastRunArchivalStatus?.length || q.lastRunCloudSpinStatus?.length) {
    return { protectionGroups: [] };
  }
  const seqs = q.ids?.map((id) => parseColonId(ctx.cluster, id)).filter((s): s is bigint => s !== null);
  const policySeqs = q.policyIds?.map((id) => parseColonId(ctx.cluster, id)).filter((s): s is bigint => s !== null);
  const statusFilter = [...(q.lastRunLocalBackupStatus ?? []), ...(q.lastRunAnyStatus ?? [])];
  const byStatus = statusFilter.length ? await groupsWithLastRunStatus(ctx, statusFilter) : null;
  const bySla = q.isLastRunSlaViolated !== undefined ? await groupsByLastRunSla(ctx, q.isLastRunSlaViolated) : null;
  const sourceIds = q.sourceIds?.map((s) => BigInt(s));
  const seqFilter = [seqs, byStatus, bySla].filter((s): s is bigint[] => s !== null && s !== undefined);
  const rows = await ctx.db.protectionGroup.findMany({
    where: {
      tenantId: ctx.tenantId,
      isDeleted: q.isDeleted ?? false,
      ...(seqFilter.length ? { AND: seqFilter.map((s) => ({ seq: { in: s } })) } : {}),
      ...(q.names ? { name: { in: q.names } } : {}),
      ...(policySeqs ? { policySeq: { in: policySeqs } } : {}),
      ...(q.environments ? { environment: { in: q.environments } } : {}),
      ...(q.isActive !== undefined ? { isActive: q.isActive } : {}),
      ...(q.isPaused !== undefined ? { isPaused: q.isPaused } : {}),
      ...(q.includeGroupsWithDatalockOnly ? { policy: { hasDataLock: true } } : {}),
      ...(sourceIds
        ? { objects: { some: { OR: [{ objectId: { in: sourceIds } }, { object: { parentId: { in: sourceIds } } }] } } }
        : {}),
    },
    include: includeFor(q.includeLastRunInfo ?? false),
    orderBy: { seq: "asc" },
  });
  return { protectionGroups: rows.map((r) => toGroup(ctx, r)) };
}

export async function updateProtectionGroup(ctx: RequestContext, input: OperationRequest<"updateProtectionGroup">) {
  const current = await findGroup(ctx, input.pathParams["id"]!);
  if (current.isDeleted) throw notFound("protection group", input.pathParams["id"]!);
  const body = input.body;
  const expected = body.lastModifiedTimestampUsecs;
  if (expected !== undefined && BigInt(expected) !== current.lastModifiedTimestampUsecs) {
    throw new EngineError(
      "PreconditionFailed",
      `lastModifiedTimestampUsecs ${expected} is stale: group ${input.pathParams["id"]} was modified at ${current.lastModifiedTimestampUsecs}; get it again and resend`,
    );
  }
  const { policySeq, objectIds } = await validateGroup(ctx, body, current.seq);
  await ctx.db.$transaction(async (tx) => {
    const done = await tx.protectionGroup.updateMany({
      where: { seq: current.seq, lastModifiedTimestampUsecs: current.lastModifiedTimestampUsecs },
      data: {
        name: body.name, policySeq, environment: body.environment, isPaused: body.isPaused ?? current.isPaused,
        spec: specOf(body), lastModifiedTimestampUsecs: nextStamp(current.lastModifiedTimestampUsecs),
      },
    });
    if (done.count === 0) throw new EngineError("PreconditionFailed", `group ${input.pathParams["id"]} was modified concurrently; get it again and resend`);
    await tx.protectedGroupObject.deleteMany({ where: { groupSeq: current.seq, objectId: { notIn: objectIds } } });
    await tx.protectedGroupObject.createMany({
      data: objectIds.map((objectId) => ({ groupSeq: current.seq, objectId })),
      skipDuplicates: true,
    });
  });
  return toGroup(ctx, await findGroup(ctx, input.pathParams["id"]!));
}

export async function deleteProtectionGroup(ctx: RequestContext, input: OperationRequest<"deleteProtectionGroup">) {
  const current = await findGroup(ctx, input.pathParams["id"]!);
  const q = input.query;
  const snapshots = await ctx.db.snapshot.count({ where: { run: { groupSeq: current.seq } } });
  if (snapshots > 0 && !q.deleteSnapshots) {
    // Keep the group (and its snapshots) as deleted: it stops running and frees its name.
    await ctx.db.protectionGroup.update({
      where: { seq: current.seq },
      data: { isDeleted: true, isActive: false, isPaused: true, lastModifiedTimestampUsecs: nextStamp(current.lastModifiedTimestampUsecs) },
    });
    return;
  }
  // deleteSnapshots (or nothing to keep): runs and snapshot rows go with the group.
  await ctx.db.protectionGroup.delete({ where: { seq: current.seq } });
}
