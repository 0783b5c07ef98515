// Backup task reports → the run's per-object figures; a successful backup becomes a Snapshot with
// its expiry and DataLock from the group's policy, followed by an index task on the same agent.
// A failed object is retried while the policy's retryOptions allow (reference §M.2 retryOptions):
// at most `retries` more attempts, each `retryIntervalMins` after the failure (the retry task waits
// as Waiting until the scheduler sweep releases it). Expiry, DataLock and extended retention are
// the policy model's (@lifeboat/policy newSnapshotRetention), read from the object's earlier
// snapshots in the group when the policy has extended-retention rules.
import { BackupResultDataSchema, type TaskProgress, type TaskResult } from "@lifeboat/agent-protocol";
import type { ProtectionPolicyRequest } from "@lifeboat/contracts";
import { newSnapshotRetention, zoneOf, type SnapshotFact, type StartTime } from "@lifeboat/policy";
import type { DataTask } from "../../generated/prisma/client.ts";
import { nowUsecs } from "../../ids.ts";
import type { EngineContext } from "../../context.ts";
import { createTask } from "../../tasks/dispatch.ts";
import { refreshRunStatus } from "./run-status.ts";

export async function onBackupProgress(engine: EngineContext, task: DataTask, p: TaskProgress) {
  if (task.runId === null || task.objectId === null) return;
  const key = { runId_objectId: { runId: task.runId, objectId: task.objectId } };
  const current = await engine.db.runObject.findUnique({ where: key });
  if (!current || current.taskId !== task.id) return;
  await engine.db.runObject.update({
    where: key,
    data: {
      status: p.state === "Queued" ? "Accepted" : p.state,
      bytesRead: BigInt(p.bytesDone),
      filesDone: BigInt(p.filesDone),
      ...(p.totalFiles !== undefined ? { filesTotal: BigInt(p.totalFiles) } : {}),
      percentDone: p.percentDone,
      ...(current.startTimeUsecs === null && p.state !== "Queued" ? { startTimeUsecs: nowUsecs() } : {}),
    },
  });
  await refreshRunStatus(engine, task.runId);
}

/** The object's earlier snapshots in the group, which extended retention counts from. */
async function earlierSnapshots(engine: EngineContext, at: { objectId: bigint; groupSeq: bigint; timestampUsecs: bigint }): Promise<SnapshotFact[]> {
  const rows = await engine.db.snapshot.findMany({
    where: { objectId: at.objectId, run: { groupSeq: at.groupSeq }, timestampUsecs: { lt: at.timestampUsecs } },
    select: { timestampUsecs: true, run: { select: { isFull: true } } },
  });
  return rows.map((r) => ({ timestampUsecs: r.timestampUsecs, isFull: r.run.isFull }));
}

export async function onBackupResult(engine: EngineContext, task: DataTask, result: TaskResult) {
  if (task.runId === null || task.objectId === null) return;
  const run = await engine.db.protectionRun.findUniqueOrThrow({ where: { id: task.runId }, include: { group: { include: { policy: true } } } });
  const key = { runId_objectId: { runId: task.runId, objectId: task.objectId } };
  const data = BackupResultDataSchema.safeParse(result.data);
  const figures = data.success
    ? { bytesRead: BigInt(data.data.totalBytesProcessed), bytesWritten: BigInt(data.data.bytesAdded), filesTotal: BigInt(data.data.totalFilesProcessed), filesDone: BigInt(data.data.totalFilesProcessed) }
    : {};
  const policy = run.group.policy.spec as unknown as ProtectionPolicyRequest;
  const attempts = await engine.db.dataTask.count({ where: { runId: run.id, objectId: task.objectId, type: "backup" } });
  const retries = policy.retryOptions?.retries ?? 0;
  // A failure retrying cannot fix (a path that is gone, retryable: false) ends the object at once.
  const permanent = result.status === "Failed" && result.retryable === false;
  if (result.status === "Failed" && !permanent && run.status !== "Canceling" && attempts <= retries) {
    // Retry: a new task for the same object; the run stays active. With an interval the task is
    // created Waiting (in one transaction, so no poll delivers it early).
    const intervalMins = policy.retryOptions?.retryIntervalMins ?? 0;
    const notBefore = intervalMins > 0 ? new Date(Date.now() + intervalMins * 60_000) : null;
    const retry = await engine.db.$transaction(async (tx) => {
      const t = await createTask(engine, { tenantId: task.tenantId, connectorId: task.connectorId, type: "backup", runId: run.id, objectId: task.objectId!, repositoryId: task.repositoryId, params: task.params as Record<string, unknown> }, tx);
      return notBefore ? tx.dataTask.update({ where: { id: t.id }, data: { status: "Waiting", notBefore } }) : t;
    });
    const when = notBefore ? `retrying at ${notBefore.toISOString()} (retryIntervalMins ${intervalMins})` : "retrying";
    await engine.db.runObject.update({ where: key, data: { taskId: retry.id, status: "Accepted", message: `attempt ${attempts} failed: ${result.message ?? "unknown error"}; ${when}` } });
    if (!notBefore) engine.notifier.notify(task.connectorId);
    return;
  }
  await engine.db.runObject.update({
    where: key,
    data: {
      status: result.status,
      message: permanent ? `${result.message ?? "failed"} — not retried: retrying cannot fix this; correct the protection group or the host, then run it again` : (result.message ?? null),
      warnings: result.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message)),
      endTimeUsecs: nowUsecs(),
      percentDone: result.status === "Succeeded" || result.status === "SucceededWithWarning" ? 100 : undefined,
      ...figures,
    },
  });
  if (data.success && (result.status === "Succeeded" || result.status === "SucceededWithWarning")) {
    const snap = { timestampUsecs: run.startTimeUsecs, isFull: run.isFull };
    const earlier = policy.extendedRetention?.length ? await earlierSnapshots(engine, { objectId: task.objectId, groupSeq: run.groupSeq, ...snap }) : [];
    const retention = newSnapshotRetention(policy, snap, earlier, zoneOf((run.group.spec as { startTime?: StartTime }).startTime));
    const snapshot = await engine.db.snapshot.create({
      data: {
        runId: run.id,
        objectId: task.objectId,
        timestampUsecs: run.startTimeUsecs,
        resticSnapshotId: data.data.snapshotId,
        logicalSizeBytes: BigInt(data.data.totalBytesProcessed),
        bytesAdded: BigInt(data.data.bytesAdded),
        fileCount: BigInt(data.data.totalFilesProcessed),
        indexingStatus: "kInProgress",
        repositoryId: task.repositoryId,
        ...retention,
      },
    });
    await createTask(engine, {
      tenantId: task.tenantId,
      connectorId: task.connectorId,
      type: "index",
      snapshotId: snapshot.id,
      params: { snapshotId: data.data.snapshotId },
    });
    engine.notifier.notify(task.connectorId);
  }
  await refreshRunStatus(engine, run.id);
}
