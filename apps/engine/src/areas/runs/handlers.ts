// §5 Protection group runs: run now (202, no run id — §Q 3), list with filters and time window
// (§Q 23), pause/resume/cancel (taskControl to the agents), and retention / legal hold updates of
// existing snapshots with 207 multi-status (§Q 4). DataLock and legal hold are enforced here.
import { TaskProgressSchema } from "@lifeboat/agent-protocol";
import { conflict, EngineError, invalid, invalidField, notFound } from "../../errors.ts";
import { nowUsecs } from "../../ids.ts";
import type { OperationRequest, RequestContext } from "../../context.ts";
import type { EngineContext } from "../../context.ts";
import { controlTask, TERMINAL } from "../../tasks/dispatch.ts";
import { findTenantGroup } from "../groups/group-access.ts";
import { refreshRunStatus, wrongStateOf, type RunAction } from "./run-status.ts";
import { toWireRun, type RunRow } from "./run-view.ts";
import type { ProtectionGroup } from "../../generated/prisma/client.ts";
import { startRun } from "./start-run.ts";

const HOUR_USECS = 3_600_000_000n;
const DAY_USECS = 86_400_000_000n;
/** §E RunType filter spellings (kIncremental) vs the run's own runType (kRegular), §Q 13. */
const FILTER_TO_RUN_TYPE: Record<string, string> = { kIncremental: "kRegular", kRegular: "kRegular", kFull: "kFull", kLog: "kLog", kSystem: "kSystem", kHydrateCDP: "kHydrateCDP", kStorageArraySnapshot: "kStorageArraySnapshot" };

async function findRun(engine: EngineContext, groupSeq: bigint, runId: string) {
  const m = /^(\d+):(\d+)$/.exec(runId);
  const run = m && BigInt(m[1]!) === groupSeq ? await engine.db.protectionRun.findFirst({ where: { groupSeq, startTimeUsecs: BigInt(m[2]!) } }) : null;
  return run;
}

export async function createProtectionGroupRun(ctx: RequestContext, input: OperationRequest<"createProtectionGroupRun">) {
  const group = await findTenantGroup(ctx, ctx.tenantId, input.pathParams.id!);
  const body = input.body;
  if (group.isDeleted) throw invalid(`protection group ${input.pathParams.id} is deleted`);
  if (!["kRegular", "kFull"].includes(body.runType)) throw invalidField(`runType`, `this engine runs kRegular and kFull backups of files, not ${body.runType}`);
  await startRun(ctx, group, { runType: body.runType, full: body.runType === "kFull", trigger: "kManual", objectIds: body.objects?.map((o) => BigInt(o.id)) });
  return { protectionGroupId: input.pathParams.id };
}

export async function getProtectionGroupRuns(ctx: RequestContext, input: OperationRequest<"getProtectionGroupRuns">) {
  const group = await findTenantGroup(ctx, ctx.tenantId, input.pathParams.id!);
  const q = input.query;
  const timeField = q.filterByEndTime ? "endTimeUsecs" : "startTimeUsecs";
  const where = {
    groupSeq: group.seq,
    ...(q.runId ? { startTimeUsecs: BigInt(q.runId.split(":")[1] ?? "-1") } : {
      // §Q 23: without startTimeUsecs the window is the last hour.
      [timeField]: { gte: q.startTimeUsecs !== undefined ? BigInt(q.startTimeUsecs) : nowUsecs() - HOUR_USECS, ...(q.endTimeUsecs !== undefined ? { lte: BigInt(q.endTimeUsecs) } : {}) },
    }),
    ...(q.runTypes?.length ? { runType: { in: q.runTypes.map((t) => FILTER_TO_RUN_TYPE[t] ?? t) } } : {}),
    ...(q.localBackupRunStatus?.length ? { status: { in: q.localBackupRunStatus } } : {}),
    ...(q.excludeNonRestorableRuns ? { snapshots: { some: { expiredAt: null } } } : {}),
  };
  const [totalRuns, runs] = await Promise.all([
    ctx.db.protectionRun.count({ where }),
    ctx.db.protectionRun.findMany({ where, orderBy: { startTimeUsecs: "desc" }, take: Math.min(q.numRuns ?? 100, 1000), include: { runObjects: true, snapshots: true } }),
  ]);
  return { runs: await wireRuns(ctx, group, runs, q.includeObjectDetails ?? false), totalRuns };
}

/** The runs on the wire (run-view.ts), with their objects and the objects' last restic status when asked. */
async function wireRuns(ctx: RequestContext, group: ProtectionGroup, runs: RunRow[], withObjects: boolean) {
  const objectIds = [...new Set(runs.flatMap((r) => r.runObjects.map((o) => o.objectId)))];
  const objects = new Map((await ctx.db.sourceObject.findMany({ where: { id: { in: objectIds } } })).map((o) => [o.id, o]));
  // The last restic status of each object's current task (per-object `progress`, run-view.ts).
  const taskIds = withObjects ? runs.flatMap((r) => r.runObjects.flatMap((o) => (o.taskId !== null ? [o.taskId] : []))) : [];
  const tasks = taskIds.length ? await ctx.db.dataTask.findMany({ where: { id: { in: taskIds } }, select: { id: true, progress: true } }) : [];
  const progress = new Map(tasks.flatMap((t) => {
    const p = TaskProgressSchema.safeParse(t.progress);
    return p.success ? [[t.id, p.data] as const] : [];
  }));
  return runs.map((r) => toWireRun(ctx.cluster, group, r, objects, withObjects, progress));
}

/** GetProtectionGroupRun (§12): one run, un-wrapped; 404 for a run the group does not have. */
export async function getProtectionGroupRun(ctx: RequestContext, input: OperationRequest<"getProtectionGroupRun">) {
  const group = await findTenantGroup(ctx, ctx.tenantId, input.pathParams["id"]!);
  const runId = input.pathParams["runId"]!;
  const found = await findRun(ctx, group.seq, runId);
  if (!found) throw notFound("run", runId);
  const run = await ctx.db.protectionRun.findUniqueOrThrow({ where: { id: found.id }, include: { runObjects: true, snapshots: true } });
  const [wire] = await wireRuns(ctx, group, [run], input.query.includeObjectDetails ?? false);
  return wire;
}

export async function performActionOnProtectionGroupRun(ctx: RequestContext, input: OperationRequest<"performActionOnProtectionGroupRun">) {
  const group = await findTenantGroup(ctx, ctx.tenantId, input.pathParams.id!);
  const body = input.body;
  const list = body.action === "Pause" ? body.pauseParams : body.action === "Resume" ? body.resumeParams : body.cancelParams;
  const action: RunAction = body.action === "Pause" ? "pause" : body.action === "Resume" ? "resume" : "cancel";
  // Every named run is checked before any is touched: a refused request changes nothing.
  const targets = [];
  const refusals: string[] = [];
  for (const { runId } of list ?? []) {
    const run = await findRun(ctx, group.seq, runId);
    if (!run) throw notFound("run", runId);
    const tasks = await ctx.db.dataTask.findMany({ where: { runId: run.id, type: "backup", status: { notIn: TERMINAL } } });
    const refusal = wrongStateOf(action, runId, run.status, tasks.map((t) => t.status));
    if (refusal) refusals.push(refusal);
    else targets.push({ runId, run, tasks });
  }
  if (refusals.length > 0) throw conflict(refusals.join("; "));
  for (const { run, tasks } of targets) {
    for (const task of tasks) {
      if (task.status === "Pending" || task.status === "Waiting") {
        // Not yet delivered (or a retry waiting for its interval): nothing to stop on the agent.
        if (action === "cancel") {
          await ctx.db.dataTask.update({ where: { id: task.id }, data: { status: "Canceled", endedAt: new Date(), message: "canceled before it started" } });
          await ctx.db.runObject.updateMany({ where: { runId: run.id, taskId: task.id }, data: { status: "Canceled", endTimeUsecs: nowUsecs() } });
        }
        continue;
      }
      await controlTask(ctx, task, action);
    }
    if (action === "cancel") await ctx.db.protectionRun.update({ where: { id: run.id }, data: { status: "Canceling" } });
    await refreshRunStatus(ctx, run.id);
  }
  const key = body.action === "Pause" ? "pauseParams" : body.action === "Resume" ? "resumeParams" : "cancelParams";
  return { action: body.action, [key]: targets.map(({ runId }) => ({ runId })) };
}

export async function updateProtectionGroupRun(ctx: RequestContext, input: OperationRequest<"updateProtectionGroupRun">) {
  const group = await findTenantGroup(ctx, ctx.tenantId, input.pathParams.id!);
  const body = input.body;
  const successfulRunIds: string[] = [];
  const failedRuns: { runId: string; errorMessage: string }[] = [];
  for (const p of body.updateProtectionGroupRunParams) {
    try {
      const run = await findRun(ctx, group.seq, p.runId);
      if (!run) throw notFound("run", p.runId);
      await updateSnapshots(ctx, run.id, p.localSnapshotConfig ?? {});
      successfulRunIds.push(p.runId);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      failedRuns.push({ runId: p.runId, errorMessage: e.message });
    }
  }
  return { successfulRunIds, failedRuns };
}

async function updateSnapshots(engine: EngineContext, runId: bigint, c: { enableLegalHold?: boolean; deleteSnapshot?: boolean; daysToKeep?: number; dataLock?: string }) {
  const snapshots = await engine.db.snapshot.findMany({ where: { runId, expiredAt: null } });
  if (snapshots.length === 0) throw conflict("the run has no snapshot left to update");
  const now = nowUsecs();
  for (const s of snapshots) {
    const locked = s.dataLockUntilUsecs !== null && s.dataLockUntilUsecs > now;
    const lockEnd = locked ? new Date(Number(s.dataLockUntilUsecs! / 1000n)).toISOString() : "";
    if (c.deleteSnapshot) {
      if (locked) throw conflict(`snapshot ${s.id} is under DataLock until ${lockEnd}; it cannot be deleted before`);
      if (s.onLegalHold || (c.enableLegalHold ?? false)) throw conflict(`snapshot ${s.id} is on legal hold; release the hold first`);
    }
    if (c.daysToKeep !== undefined && c.daysToKeep < 0) {
      const newExpiry = (s.expiryTimeUsecs ?? now) + BigInt(c.daysToKeep) * DAY_USECS;
      if (locked && newExpiry < s.dataLockUntilUsecs!) throw conflict(`snapshot ${s.id} is under DataLock until ${lockEnd}; its retention cannot end before`);
    }
  }
  for (const s of snapshots) {
    const data: Record<string, unknown> = {};
    if (c.enableLegalHold !== undefined) data.onLegalHold = c.enableLegalHold;
    if (c.daysToKeep !== undefined) data.expiryTimeUsecs = (s.expiryTimeUsecs ?? now) + BigInt(c.daysToKeep) * DAY_USECS;
    if (c.dataLock && s.dataLockUntilUsecs === null) {
      data.dataLockMode = c.dataLock;
      data.dataLockUntilUsecs = (data.expiryTimeUsecs as bigint | undefined) ?? s.expiryTimeUsecs;
    }
    // Deleting = expiring now; the retention sweep forgets it in restic.
    if (c.deleteSnapshot) data.expiryTimeUsecs = now;
    await engine.db.snapshot.update({ where: { id: s.id }, data });
  }
  if (c.enableLegalHold !== undefined) await engine.db.protectionRun.update({ where: { id: runId }, data: { onLegalHold: c.enableLegalHold } });
}

