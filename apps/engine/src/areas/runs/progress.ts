// Run progress of the IBM Go SDK v1.2.5 additions (reference §12, §M.11): GetProtectionRunProgress
// (a run's local backup and its objects, from the objects' tasks and the agents' restic progress)
// and GetProgressMonitors (Pulse's shape: one result group per requested task path). Task paths:
// `run/<runId>` for a run (runProgressTaskId), a task id `c:i:n` for an object's backup task or a
// recovery's task (their progressTaskId fields).
import { TaskProgressSchema, type TaskProgress } from "@lifeboat/agent-protocol";
import type { OperationRequest, RequestContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import type { DataTask, RunObject } from "../../generated/prisma/client.ts";
import { formatColonId, parseColonId } from "../../ids.ts";
import { TERMINAL } from "../../tasks/dispatch.ts";
import { runProgressTaskId, type RunRow } from "./run-view.ts";

const ACTIVE_RUN = ["Accepted", "Running", "Paused", "Canceling", "Finalizing", "OnHold"];

/** Progress status (§E.3 `Active` / `Canceled` / `Finished` / `FinishedGarbageCollected` / `FinishedWithError`). */
export function progressStatus(status: string): "Active" | "Canceled" | "Finished" | "FinishedWithError" {
  if (status === "Canceled") return "Canceled";
  if (status === "Failed") return "FinishedWithError";
  if (ACTIVE_RUN.includes(status) || status === "Pending" || status === "Waiting" || status === "Delivered" || status === "Queued") return "Active";
  return "Finished";
}

const n = (v: bigint | null | undefined) => (v === null || v === undefined ? undefined : Number(v));
const round2 = (x: number) => Math.round(x * 100) / 100;

function parseProgress(value: unknown): TaskProgress | undefined {
  const p = TaskProgressSchema.safeParse(value);
  return p.success ? p.data : undefined;
}

function objectPercent(o: RunObject): number {
  return progressStatus(o.status) === "Active" ? round2(o.percentDone) : o.status === "Succeeded" || o.status === "SucceededWithWarning" ? 100 : round2(o.percentDone);
}

/** The run of this tenant named by a run id `<group seq>:<start µs>`, with its objects and snapshots. */
async function findTenantRun(ctx: RequestContext, runId: string): Promise<RunRow | null> {
  const m = /^(\d{1,18}):(\d{1,19})$/.exec(runId);
  if (!m) return null;
  return ctx.db.protectionRun.findFirst({
    where: { groupSeq: BigInt(m[1]!), startTimeUsecs: BigInt(m[2]!), group: { tenantId: ctx.tenantId } },
    include: { runObjects: true, snapshots: true },
  });
}

export async function getProtectionRunProgress(ctx: RequestContext, input: OperationRequest<"getProtectionRunProgress">) {
  const runId = input.pathParams["runId"]!;
  const run = await findTenantRun(ctx, runId);
  if (!run) throw notFound("run", runId);
  const q = input.query;
  const taskIds = run.runObjects.flatMap((o) => (o.taskId !== null ? [o.taskId] : []));
  const tasks = new Map((await ctx.db.dataTask.findMany({ where: { id: { in: taskIds } } })).map((t) => [t.id, t]));
  const objectRows = await ctx.db.sourceObject.findMany({ where: { id: { in: run.runObjects.map((o) => o.objectId) } }, include: { registration: { include: { objects: { where: { parentId: null } } } } } });
  const objects = new Map(objectRows.map((o) => [o.id, o]));
  const picked = q.objects?.length ? run.runObjects.filter((o) => q.objects!.includes(Number(o.objectId))) : run.runObjects;
  const remaining = (o: RunObject) => {
    const task = o.taskId !== null ? tasks.get(o.taskId) : undefined;
    const secs = progressStatus(o.status) === "Active" ? parseProgress(task?.progress)?.secondsRemaining : 0;
    return secs === undefined ? undefined : secs * 1_000_000;
  };
  const perObject = picked.map((o) => {
    const obj = objects.get(o.objectId);
    const host = obj?.registration.objects[0];
    const rem = remaining(o);
    return {
      id: Number(o.objectId),
      ...(obj ? { name: obj.name } : {}),
      ...(host ? { sourceId: Number(host.id), sourceName: host.name } : {}),
      environment: "kPhysical",
      status: progressStatus(o.status),
      percentageCompleted: objectPercent(o),
      ...(o.startTimeUsecs !== null ? { startTimeUsecs: Number(o.startTimeUsecs) } : {}),
      ...(o.endTimeUsecs !== null ? { endTimeUsecs: Number(o.endTimeUsecs) } : {}),
      ...(rem !== undefined ? { expectedRemainingTimeUsecs: rem } : {}),
      stats: { totalFileCount: Number(o.filesTotal), backupFileCount: Number(o.filesDone), fileWalkDone: progressStatus(o.status) !== "Active" },
    };
  });
  const status = progressStatus(run.status);
  const rems = run.runObjects.map(remaining).filter((x): x is number => x !== undefined);
  const percentage = status === "Finished" ? 100
    : run.runObjects.length ? round2(run.runObjects.reduce((s, o) => s + objectPercent(o), 0) / run.runObjects.length) : 0;
  // §12: with `objects` set, only those objects' progress comes back (no run-level figures).
  const runLevel = q.objects?.length ? {} : {
    status,
    percentageCompleted: percentage,
    startTimeUsecs: Number(run.startTimeUsecs),
    ...(run.endTimeUsecs !== null ? { endTimeUsecs: n(run.endTimeUsecs) } : {}),
    ...(status !== "Active" ? { expectedRemainingTimeUsecs: 0 } : rems.length ? { expectedRemainingTimeUsecs: Math.max(...rems) } : {}),
    stats: {
      totalFileCount: run.runObjects.reduce((s, o) => s + Number(o.filesTotal), 0),
      backupFileCount: run.runObjects.reduce((s, o) => s + Number(o.filesDone), 0),
      fileWalkDone: status !== "Active",
    },
    ...(q.includeEventLogs && run.message ? { events: [{ message: run.message, occuredAtUsecs: n(run.endTimeUsecs ?? run.startTimeUsecs) }] } : {}),
  };
  return { localRun: { ...runLevel, ...(q.excludeObjectDetails ? {} : { objects: perObject }) }, archivalRun: [], replicationRun: [] };
}

const secs = (d: Date | null | undefined) => (d ? Math.floor(d.getTime() / 1000) : undefined);
const usecsToSecs = (v: bigint | null | undefined) => (v === null || v === undefined ? undefined : Number(v / 1_000_000n));

/** TaskProgress (§M.11) of one data task. */
function taskProgressOf(task: DataTask) {
  const p = parseProgress(task.progress);
  const ended = TERMINAL.includes(task.status);
  const percent = ended ? (task.status === "Succeeded" || task.status === "SucceededWithWarning" ? 100 : round2(p?.percentDone ?? 0)) : round2(p?.percentDone ?? 0);
  const start = secs(task.deliveredAt ?? task.createdAt)!;
  return {
    percentFinished: percent,
    startTimeSecs: start,
    ...(ended && task.endedAt ? { endTimeSecs: secs(task.endedAt) } : {}),
    lastUpdateTimeSecs: secs(task.endedAt ?? task.lastReportAt ?? task.createdAt),
    ...(ended ? { expectedTimeRemainingSecs: 0 } : p?.secondsRemaining !== undefined ? { expectedTimeRemainingSecs: p.secondsRemaining } : {}),
    ...(p?.totalFiles !== undefined ? { expectedTotalWorkCount: p.totalFiles } : {}),
    ...(task.status === "Failed" && task.message ? { status: { errorMsg: task.message } } : {}),
  };
}

interface MonitorTask {
  taskPath: string;
  weight: number;
  progress: Record<string, unknown>;
  subTaskVec?: MonitorTask[];
  finished: boolean;
}

export async function getProgressMonitors(ctx: RequestContext, input: OperationRequest<"getProgressMonitors">) {
  const q = input.query;
  const groups = [];
  for (const path of q.taskPathVec ?? []) {
    const found = await monitorTask(ctx, path);
    const keep = found && (q.includeFinishedTasks || !found.finished)
      && (q.startTimeSecs === undefined || (found.progress["startTimeSecs"] as number) >= q.startTimeSecs)
      && (q.endTimeSecs === undefined || (found.finished && (found.progress["endTimeSecs"] as number | undefined ?? Infinity) <= q.endTimeSecs));
    const tasks = keep ? [found] : [];
    groups.push({
      taskVec: tasks.slice(0, q.maxTasks ?? undefined).map(({ finished: _f, subTaskVec, ...t }) => ({
        ...t,
        ...(q.excludeSubTasks || !subTaskVec ? {} : { subTaskVec: subTaskVec.map(({ finished: _sf, ...sub }) => sub) }),
      })),
    });
  }
  return { resultGroupVec: groups };
}

/** The task at `path` (a run or a data task of this tenant), or null: Pulse answers an empty group then. */
async function monitorTask(ctx: RequestContext, path: string): Promise<MonitorTask | null> {
  if (path.startsWith("run/")) {
    const run = await findTenantRun(ctx, path.slice(4));
    if (!run) return null;
    const taskIds = run.runObjects.flatMap((o) => (o.taskId !== null ? [o.taskId] : []));
    const tasks = await ctx.db.dataTask.findMany({ where: { id: { in: taskIds } }, orderBy: { id: "asc" } });
    const finished = progressStatus(run.status) !== "Active";
    const percent = finished && progressStatus(run.status) === "Finished" ? 100
      : run.runObjects.length ? round2(run.runObjects.reduce((s, o) => s + objectPercent(o), 0) / run.runObjects.length) : 0;
    const remaining = tasks.map((t) => parseProgress(t.progress)?.secondsRemaining).filter((x): x is number => x !== undefined);
    return {
      taskPath: runProgressTaskId(run),
      weight: 1,
      finished,
      progress: {
        percentFinished: percent,
        startTimeSecs: usecsToSecs(run.startTimeUsecs),
        ...(finished && run.endTimeUsecs !== null ? { endTimeSecs: usecsToSecs(run.endTimeUsecs) } : {}),
        lastUpdateTimeSecs: Math.max(usecsToSecs(run.endTimeUsecs ?? run.startTimeUsecs)!, ...tasks.map((t) => secs(t.endedAt ?? t.lastReportAt ?? t.createdAt)!)),
        ...(finished ? { expectedTimeRemainingSecs: 0 } : remaining.length ? { expectedTimeRemainingSecs: Math.max(...remaining) } : {}),
        ...(run.status === "Failed" && run.message ? { status: { errorMsg: run.message } } : {}),
      },
      subTaskVec: tasks.map((t) => ({ taskPath: formatColonId(ctx.cluster, t.id), weight: 1, progress: taskProgressOf(t), finished: TERMINAL.includes(t.status) })),
    };
  }
  const seq = parseColonId(ctx.cluster, path);
  const task = seq === null ? null : await ctx.db.dataTask.findFirst({ where: { id: seq, tenantId: ctx.tenantId } });
  if (!task) return null;
  return { taskPath: path, weight: 1, progress: taskProgressOf(task), finished: TERMINAL.includes(task.status) };
}
