// Run progress (GetProtectionRunProgress) and Pulse progress monitors (GetProgressMonitors):
// reference §M.11 — IBM Go SDK v1.2.5 additions. Status fields take ProgressStatusSchema's values
// (`Active` / `Canceled` / `Finished` / `FinishedGarbageCollected` / `FinishedWithError`).
import { z } from "zod";
import { num, str, wireObject } from "../wire.ts";

/** ProgressTaskEvent (sic: `occuredAtUsecs`). */
export const ProgressTaskEventSchema = wireObject({ message: str().optional(), occuredAtUsecs: num().optional() });

/** ProgressStats: file counts of file backups. */
export const ProgressStatsSchema = wireObject({
  backupFileCount: num().optional(),
  fileWalkDone: z.boolean().optional(),
  totalFileCount: num().optional(),
});

const progressFields = {
  endTimeUsecs: num().optional(),
  events: z.array(ProgressTaskEventSchema).optional(),
  expectedRemainingTimeUsecs: num().optional(),
  /** 0–100. */
  percentageCompleted: num().optional(),
  startTimeUsecs: num().optional(),
  stats: ProgressStatsSchema.optional(),
  status: str().optional(),
};

/** ProgressTaskInfo: one failed attempt. */
export const ProgressTaskInfoSchema = wireObject(progressFields);

/** ObjectProgressInfo; environment: ProgressObjectEnvironmentSchema (kPhysical / kSQL). */
export const ObjectProgressInfoSchema = wireObject({
  ...progressFields,
  id: num().optional(),
  name: str().optional(),
  sourceId: num().optional(),
  sourceName: str().optional(),
  environment: str().optional(),
  failedAttempts: z.array(ProgressTaskInfoSchema).optional(),
});

/** BackupRunProgressInfo: `localRun`. */
export const BackupRunProgressInfoSchema = wireObject({ ...progressFields, objects: z.array(ObjectProgressInfoSchema).optional() });

export const ArchivalTargetProgressInfoSchema = wireObject({
  ...progressFields,
  targetId: num().optional(),
  archivalTaskId: str().optional(),
  targetName: str().optional(),
  targetType: str().optional(),
  usageType: str().optional(),
  ownershipContext: str().optional(),
  objects: z.array(ObjectProgressInfoSchema).optional(),
});

export const ReplicationTargetProgressInfoSchema = wireObject({
  ...progressFields,
  clusterId: num().optional(),
  clusterIncarnationId: num().optional(),
  clusterName: str().optional(),
  objects: z.array(ObjectProgressInfoSchema).optional(),
});

/** GetProtectionRunProgressBody. */
export const GetProtectionRunProgressResponseSchema = wireObject({
  archivalRun: z.array(ArchivalTargetProgressInfoSchema).optional(),
  localRun: BackupRunProgressInfoSchema.optional(),
  replicationRun: z.array(ReplicationTargetProgressInfoSchema).optional(),
});
export type ProtectionRunProgress = z.infer<typeof GetProtectionRunProgressResponseSchema>;

/** TaskStatus / PrivateErrorProto: `{errorMsg, type}` with an int code. */
export const TaskStatusSchema = wireObject({ errorMsg: str().optional(), type: num().optional() });

/** TaskProgress (seconds, not µs). */
export const TaskProgressSchema = wireObject({
  approxPercentUnknownWork: num().optional(),
  attributeVec: z.array(wireObject({ key: str().optional(), value: wireObject({}).optional() })).optional(),
  endTimeSecs: num().optional(),
  eventVec: z.array(wireObject({
    eventMsg: str().optional(), ownerPercentFinished: num().optional(), ownerRemainingWorkCount: num().optional(), timestampSecs: num().optional(),
  })).optional(),
  expectedEndTimeSecs: num().optional(),
  expectedTimeRemainingSecs: num().optional(),
  expectedTotalWorkCount: num().optional(),
  lastUpdateTimeSecs: num().optional(),
  /** 0–100: the usual field to poll. */
  percentFinished: num().optional(),
  startTimeSecs: num().optional(),
  status: TaskStatusSchema.optional(),
});

/** GetTasksResultResultGroupTask; subTaskVec is untyped in the SDK (nested tasks of the same shape). */
export const ProgressMonitorTaskSchema = wireObject({
  progress: TaskProgressSchema.optional(),
  subTaskVec: z.array(z.record(z.string(), z.unknown())).optional(),
  taskPath: str().optional(),
  weight: num().optional(),
});

/** GetTasksResult: `resultGroupVec[i]` answers `taskPathVec[i]`. */
export const GetProgressMonitorsResponseSchema = wireObject({
  error: TaskStatusSchema.optional(),
  resultGroupVec: z.array(wireObject({ taskVec: z.array(ProgressMonitorTaskSchema).optional() })).optional(),
});
export type ProgressMonitors = z.infer<typeof GetProgressMonitorsResponseSchema>;
