// Protection group runs (reference §M.4): the run summary (`localBackupInfo`, copy summaries), the
// per-object snapshot info, and the bodies of create-run, update-runs and run actions.
import { z } from "zod";
import {
  ArchivalTargetTypeSchema, CloudReplicationTargetTypeSchema, DataLockModeSchema, RunActionSchema,
  RunTypeSchema,
} from "../enums.ts";
import { int64, num, runId, selects, str, taskId, wireObject } from "../wire.ts";
import {
  BackupDataStatsSchema, DataLockConstraintsSchema, ObjectSummarySchema, RetentionSchema, TenantSchema,
} from "./common.ts";

// ---- responses ----

/** BackupRunSummary (`localBackupInfo` / `originalBackupInfo`): the run's overall local status. */
export const BackupRunSummarySchema = wireObject({
  runType: str().optional(),
  isSlaViolated: z.boolean().optional(),
  startTimeUsecs: num().optional(),
  endTimeUsecs: num().optional(),
  status: str().optional(),
  messages: z.array(str()).optional(),
  successfulObjectsCount: num().optional(),
  skippedObjectsCount: num().optional(),
  failedObjectsCount: num().optional(),
  cancelledObjectsCount: num().optional(),
  successfulAppObjectsCount: num().optional(),
  failedAppObjectsCount: num().optional(),
  cancelledAppObjectsCount: num().optional(),
  localSnapshotStats: BackupDataStatsSchema.optional(),
  indexingTaskId: str().optional(),
  progressTaskId: str().optional(),
  statsTaskId: str().optional(),
  dataLock: str().optional(),
  localTaskId: str().optional(),
  dataLockConstraints: DataLockConstraintsSchema.optional(),
});
export type BackupRunSummary = z.infer<typeof BackupRunSummarySchema>;

/** SnapshotInfo: per-object snapshot of a run; `snapshotId` feeds recoveries and download-file. */
export const SnapshotInfoSchema = wireObject({
  snapshotId: str().optional(),
  status: str().optional(),
  statusMessage: str().optional(),
  startTimeUsecs: num().optional(),
  endTimeUsecs: num().optional(),
  admittedTimeUsecs: num().optional(),
  permitGrantTimeUsecs: num().optional(),
  queueDurationUsecs: num().optional(),
  snapshotCreationTimeUsecs: num().optional(),
  stats: BackupDataStatsSchema.optional(),
  progressTaskId: str().optional(),
  indexingTaskId: str().optional(),
  statsTaskId: str().optional(),
  warnings: z.array(str()).optional(),
  isManuallyDeleted: z.boolean().optional(),
  expiryTimeUsecs: num().optional(),
  totalFileCount: num().optional(),
  backupFileCount: num().optional(),
  dataLockConstraints: DataLockConstraintsSchema.optional(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfoSchema>;

export const BackupAttemptSchema = wireObject({
  startTimeUsecs: num().optional(),
  endTimeUsecs: num().optional(),
  admittedTimeUsecs: num().optional(),
  permitGrantTimeUsecs: num().optional(),
  queueDurationUsecs: num().optional(),
  snapshotCreationTimeUsecs: num().optional(),
  status: str().optional(),
  stats: BackupDataStatsSchema.optional(),
  progressTaskId: str().optional(),
  message: str().optional(),
});

export const BackupRunSchema = wireObject({
  snapshotInfo: SnapshotInfoSchema.optional(),
  failedAttempts: z.array(BackupAttemptSchema).optional(),
});

export const ReplicationTargetResultSchema = wireObject({
  clusterId: num().optional(),
  clusterIncarnationId: num().optional(),
  clusterName: str().optional(),
  startTimeUsecs: num().optional(),
  endTimeUsecs: num().optional(),
  queuedTimeUsecs: num().optional(),
  status: str().optional(),
  message: str().optional(),
  percentageCompleted: num().optional(),
  stats: wireObject({}).optional(),
  isManuallyDeleted: z.boolean().optional(),
  expiryTimeUsecs: num().optional(),
  replicationTaskId: str().optional(),
  dataLockConstraints: DataLockConstraintsSchema.optional(),
  onLegalHold: z.boolean().optional(),
});

export const ArchivalTargetResultSchema = wireObject({
  targetId: num().optional(),
  archivalTaskId: str().optional(),
  targetName: str().optional(),
  targetType: str().optional(),
  usageType: str().optional(),
  ownershipContext: str().optional(),
  runType: str().optional(),
  snapshotId: str().optional(),
  startTimeUsecs: num().optional(),
  endTimeUsecs: num().optional(),
  isIncremental: z.boolean().optional(),
  status: str().optional(),
  message: str().optional(),
  stats: wireObject({}).optional(),
  expiryTimeUsecs: num().optional(),
  dataLockConstraints: DataLockConstraintsSchema.optional(),
  onLegalHold: z.boolean().optional(),
});

const ReplicationSummarySchema = wireObject({ replicationTargetResults: z.array(ReplicationTargetResultSchema).optional() });
const ArchivalSummarySchema = wireObject({ archivalTargetResults: z.array(ArchivalTargetResultSchema).optional() });
const CloudSpinSummarySchema = wireObject({ cloudSpinTargetResults: z.array(wireObject({})).optional() });

export const ObjectRunResultSchema = wireObject({
  object: ObjectSummarySchema.optional(),
  localSnapshotInfo: BackupRunSchema.optional(),
  originalBackupInfo: BackupRunSchema.optional(),
  replicationInfo: ReplicationSummarySchema.optional(),
  archivalInfo: ArchivalSummarySchema.optional(),
  cloudSpinInfo: CloudSpinSummarySchema.optional(),
  onLegalHold: z.boolean().optional(),
});
export type ObjectRunResult = z.infer<typeof ObjectRunResultSchema>;

export const ProtectionGroupRunSchema = wireObject({
  id: str().optional(),
  protectionGroupInstanceId: num().optional(),
  protectionGroupId: str().optional(),
  isReplicationRun: z.boolean().optional(),
  originClusterIdentifier: wireObject({
    clusterId: num().optional(),
    clusterIncarnationId: num().optional(),
    clusterName: str().optional(),
  }).optional(),
  originProtectionGroupId: str().optional(),
  protectionGroupName: str().optional(),
  isLocalSnapshotsDeleted: z.boolean().optional(),
  objects: z.array(ObjectRunResultSchema).optional(),
  localBackupInfo: BackupRunSummarySchema.optional(),
  originalBackupInfo: BackupRunSummarySchema.optional(),
  replicationInfo: ReplicationSummarySchema.optional(),
  archivalInfo: ArchivalSummarySchema.optional(),
  cloudSpinInfo: CloudSpinSummarySchema.optional(),
  onLegalHold: z.boolean().optional(),
  permissions: z.array(TenantSchema).optional(),
  isCloudArchivalDirect: z.boolean().optional(),
  hasLocalSnapshot: z.boolean().optional(),
  environment: str().optional(),
  externallyTriggeredBackupTag: str().optional(),
});
export type ProtectionGroupRun = z.infer<typeof ProtectionGroupRunSchema>;

export const ProtectionGroupRunsResponseSchema = wireObject({
  runs: z.array(ProtectionGroupRunSchema).optional(),
  totalRuns: num().optional(),
});

/** §Q 3: the create-run answer carries no run id; poll GetProtectionGroupRuns. */
export const CreateProtectionGroupRunResponseSchema = wireObject({ protectionGroupId: str().optional() });

/** §Q 4: HTTP 207 — inspect failedRuns even on success. */
export const UpdateProtectionGroupRunResponseSchema = wireObject({
  successfulRunIds: z.array(str()).optional(),
  failedRuns: z.array(wireObject({ runId: str().optional(), errorMessage: str().optional() })).optional(),
});

export const PerformRunActionResponseSchema = wireObject({
  action: str().optional(),
  pauseParams: z.array(wireObject({ runId: str().optional(), error: ErrorLike() })).optional(),
  resumeParams: z.array(wireObject({ runId: str().optional(), error: ErrorLike() })).optional(),
  cancelParams: z.array(wireObject({ runId: str().optional() })).optional(),
});
function ErrorLike() {
  // The per-run `error` is an Error model on some builds and a plain message on others.
  return z.union([z.string(), wireObject({ errorCode: str().optional(), message: str().optional() })]).optional();
}

// ---- requests ----

export const RunObjectSchema = z.strictObject({
  id: int64(),
  appIds: z.array(int64()).optional(),
  physicalParams: z.strictObject({ metadataFilePath: z.string().optional() }).optional(),
});

export const RunReplicationConfigSchema = z.strictObject({ id: int64(), retention: RetentionSchema.optional() });
export const RunArchivalConfigSchema = z.strictObject({
  id: int64(),
  archivalTargetType: ArchivalTargetTypeSchema,
  retention: RetentionSchema.optional(),
  copyOnlyFullySuccessful: z.boolean().optional(),
});
export const RunCloudReplicationConfigSchema = z.strictObject({
  awsTarget: z.record(z.string(), z.unknown()).optional(),
  azureTarget: z.record(z.string(), z.unknown()).optional(),
  targetType: CloudReplicationTargetTypeSchema,
  retention: RetentionSchema.optional(),
});

export const CreateProtectionGroupRunRequestSchema = z.strictObject({
  runType: RunTypeSchema,
  objects: z.array(RunObjectSchema).optional(),
  targetsConfig: z
    .strictObject({
      usePolicyDefaults: z.boolean().optional(),
      replications: z.array(RunReplicationConfigSchema).optional(),
      archivals: z.array(RunArchivalConfigSchema).optional(),
      cloudReplications: z.array(RunCloudReplicationConfigSchema).optional(),
    })
    .optional(),
});
export type CreateProtectionGroupRunRequest = z.infer<typeof CreateProtectionGroupRunRequestSchema>;

const snapshotUpdate = {
  enableLegalHold: z.boolean().optional(),
  deleteSnapshot: z.boolean().optional(),
  dataLock: DataLockModeSchema.optional(),
  /** +N extends, −N shortens the retention by N days. */
  daysToKeep: int64().optional(),
};
export const UpdateProtectionGroupRunParamsSchema = z.strictObject({
  runId: runId(),
  localSnapshotConfig: z.strictObject(snapshotUpdate).optional(),
  replicationSnapshotConfig: z
    .strictObject({
      newSnapshotConfig: z.array(RunReplicationConfigSchema).optional(),
      updateExistingSnapshotConfig: z
        .array(z.strictObject({ id: int64(), name: z.string().optional(), resync: z.boolean().optional(), ...snapshotUpdate }))
        .optional(),
    })
    .optional(),
  archivalSnapshotConfig: z
    .strictObject({
      newSnapshotConfig: z.array(RunArchivalConfigSchema).optional(),
      updateExistingSnapshotConfig: z
        .array(
          z.strictObject({
            id: int64(),
            name: z.string().optional(),
            archivalTargetType: ArchivalTargetTypeSchema,
            resync: z.boolean().optional(),
            ...snapshotUpdate,
          }),
        )
        .optional(),
    })
    .optional(),
});

export const UpdateProtectionGroupRunRequestSchema = z.strictObject({
  updateProtectionGroupRunParams: z.array(UpdateProtectionGroupRunParamsSchema).min(1),
});

export const CancelProtectionGroupRunRequestSchema = z.strictObject({
  runId: runId(),
  localTaskId: taskId().optional(),
  objectIds: z.array(int64()).optional(),
  replicationTaskId: z.array(taskId()).optional(),
  archivalTaskId: z.array(taskId()).optional(),
  cloudSpinTaskId: z.array(taskId()).optional(),
});

// zod 4 refuses .pick/.omit on refined objects, so the plain fields are exported for composing
// (e.g. BFF inputs) and the request schema adds the cross-field rule on top.
export const PerformRunActionFieldsSchema = z.strictObject({
  action: RunActionSchema,
  pauseParams: z.array(z.strictObject({ runId: runId() })).optional(),
  resumeParams: z.array(z.strictObject({ runId: runId() })).optional(),
  cancelParams: z.array(CancelProtectionGroupRunRequestSchema).optional(),
});
/** `action` says which *Params list the service reads (§5), so that list must name a run. */
export const PerformRunActionRequestSchema = PerformRunActionFieldsSchema.superRefine(selects("action", { Cancel: "cancelParams", Pause: "pauseParams", Resume: "resumeParams" }));
export type PerformRunActionRequest = z.infer<typeof PerformRunActionRequestSchema>;
