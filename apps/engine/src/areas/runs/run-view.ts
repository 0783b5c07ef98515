// ProtectionGroupRun on the wire (reference §M.4) from a run, its objects and snapshots.
// The reference's run object has no progress figures (SnapshotInfo has only progressTaskId), so each
// object of a run carries the extension field `progress: { percentDone, bytesDone, totalBytes?,
// etaSecs? }` — the agent's last restic status for the object's current task (etaSecs and
// totalBytes only while the task runs and restic reports them).
import type { TaskProgress } from "@lifeboat/agent-protocol";
import { formatColonId, type ClusterIdentity } from "../../ids.ts";
import type { ProtectionGroup, ProtectionRun, RunObject, Snapshot, SourceObject } from "../../generated/prisma/client.ts";
import { isSlaViolated } from "./sla.ts";

export type RunRow = ProtectionRun & { runObjects: RunObject[]; snapshots: Snapshot[] };

/** SnapshotInfo.status uses its own k-prefixed set (§Q 12). */
const SNAPSHOT_STATUS: Record<string, string> = {
  Accepted: "kWaitingForNextAttempt",
  Running: "kInProgress",
  Paused: "kCurrentAttemptPaused",
  Succeeded: "kSuccessful",
  SucceededWithWarning: "kWarning",
  Failed: "kFailed",
  Canceled: "kFailed",
};

export const runWireId = (run: { groupSeq: bigint; startTimeUsecs: bigint }) => `${run.groupSeq}:${run.startTimeUsecs}`;
/**
 * The run's progress task path (BackupRunSummary.progressTaskId), for GetProgressMonitors: `run/`
 * and the run id. Its sub-tasks are the objects' backup tasks, whose paths are their task ids
 * (SnapshotInfo.progressTaskId), as a recovery's is its task's (runs/progress.ts reads both).
 */
export const runProgressTaskId = (run: { groupSeq: bigint; startTimeUsecs: bigint }) => `run/${runWireId(run)}`;
const n = (v: bigint | null | undefined) => (v === null || v === undefined ? undefined : Number(v));

/** The per-object progress extension; `task` is the current task's last progress report, if any. */
export function objectProgress(o: RunObject, task: TaskProgress | undefined) {
  const active = ["Accepted", "Running", "Paused"].includes(o.status);
  return {
    percentDone: Math.round(o.percentDone * 100) / 100,
    bytesDone: Number(o.bytesRead),
    ...(task?.totalBytes !== undefined ? { totalBytes: task.totalBytes } : {}),
    ...(active && task?.secondsRemaining !== undefined ? { etaSecs: task.secondsRemaining } : {}),
  };
}

export function toWireRun(
  cluster: ClusterIdentity,
  group: ProtectionGroup,
  run: RunRow,
  objects: Map<bigint, SourceObject>,
  withObjects: boolean,
  taskProgress: Map<bigint, TaskProgress> = new Map(),
) {
  const count = (...s: string[]) => run.runObjects.filter((o) => s.includes(o.status)).length;
  const sum = (f: (o: RunObject) => bigint) => run.runObjects.reduce((a, o) => a + f(o), 0n);
  const live = run.snapshots.filter((s) => s.expiredAt === null);
  const messages = [...(run.message ? [run.message] : []), ...run.runObjects.flatMap((o) => o.warnings.slice(0, 20))];
  const lock = live.find((s) => s.dataLockUntilUsecs !== null);
  return {
    id: runWireId(run),
    protectionGroupInstanceId: Number(run.id),
    protectionGroupId: formatColonId(cluster, group.seq),
    protectionGroupName: group.name,
    environment: group.environment,
    isReplicationRun: false,
    isLocalSnapshotsDeleted: run.snapshots.length > 0 && live.length === 0,
    hasLocalSnapshot: live.length > 0,
    onLegalHold: run.onLegalHold,
    localBackupInfo: {
      runType: run.runType,
      isSlaViolated: isSlaViolated(group.spec, run, BigInt(Date.now()) * 1000n),
      status: run.status,
      startTimeUsecs: Number(run.startTimeUsecs),
      ...(run.endTimeUsecs !== null ? { endTimeUsecs: Number(run.endTimeUsecs) } : {}),
      ...(messages.length ? { messages } : {}),
      successfulObjectsCount: count("Succeeded", "SucceededWithWarning"),
      failedObjectsCount: count("Failed"),
      cancelledObjectsCount: count("Canceled"),
      skippedObjectsCount: count("Skipped"),
      localSnapshotStats: {
        logicalSizeBytes: Number(run.snapshots.reduce((a, s) => a + (s.logicalSizeBytes ?? 0n), 0n)),
        bytesRead: Number(sum((o) => o.bytesRead)),
        bytesWritten: Number(sum((o) => o.bytesWritten)),
      },
      localTaskId: formatColonId(cluster, run.id),
      progressTaskId: runProgressTaskId(run),
      ...(lock ? { dataLock: lock.dataLockMode ?? "Compliance" } : {}),
      ...(lock?.dataLockUntilUsecs ? { dataLockConstraints: { mode: lock.dataLockMode ?? "Compliance", expiryTimeUsecs: Number(lock.dataLockUntilUsecs) } } : {}),
    },
    ...(withObjects
      ? {
          objects: run.runObjects.map((o) => {
            const obj = objects.get(o.objectId);
            const snap = run.snapshots.find((s) => s.objectId === o.objectId);
            return {
              object: { id: Number(o.objectId), name: obj?.name, environment: "kPhysical", objectType: obj?.objectType ?? "kHost", sourceId: Number(o.objectId) },
              onLegalHold: snap?.onLegalHold ?? false,
              progress: objectProgress(o, o.taskId !== null ? taskProgress.get(o.taskId) : undefined),
              localSnapshotInfo: {
                snapshotInfo: {
                  ...(snap ? { snapshotId: snap.id.toString(), expiryTimeUsecs: n(snap.expiryTimeUsecs), snapshotCreationTimeUsecs: Number(snap.timestampUsecs) } : {}),
                  status: SNAPSHOT_STATUS[o.status] ?? "kInProgress",
                  ...(o.message ? { statusMessage: o.message } : {}),
                  startTimeUsecs: n(o.startTimeUsecs),
                  endTimeUsecs: n(o.endTimeUsecs),
                  stats: { logicalSizeBytes: n(snap?.logicalSizeBytes), bytesRead: Number(o.bytesRead), bytesWritten: Number(o.bytesWritten) },
                  progressTaskId: o.taskId !== null ? formatColonId(cluster, o.taskId) : undefined,
                  ...(o.warnings.length ? { warnings: o.warnings } : {}),
                  totalFileCount: Number(o.filesTotal),
                  backupFileCount: Number(o.filesDone),
                  ...(snap?.dataLockUntilUsecs ? { dataLockConstraints: { mode: snap.dataLockMode ?? "Compliance", expiryTimeUsecs: Number(snap.dataLockUntilUsecs) } } : {}),
                },
              },
            };
          }),
        }
      : {}),
  };
}
