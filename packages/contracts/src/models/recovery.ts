// Recovery (reference §M.5): the create-recovery, download-files and restore-points bodies, and the
// recovery and restore-point responses. Request parts live in recovery-params.ts / recovery-apps.ts.
import { z } from "zod";
import { EnvironmentSchema, GlacierRetrievalTypeSchema, RestorePointsEnvironmentSchema } from "../enums.ts";
import { int64, num, protectionGroupId, recoveryId, selects, str, tolerant, wireObject } from "../wire.ts";
import { ObjectSummarySchema, TenantSchema } from "./common.ts";
import { TargetsConfigurationSchema } from "./policy.ts";
import { RecoverKubernetesParamsSchema, RecoverSqlParamsSchema } from "./recovery-apps.ts";
import { CommonRecoverObjectSnapshotParamsSchema, RecoverPhysicalParamsSchema } from "./recovery-params.ts";

// zod 4 refuses .pick/.omit on refined objects, so the plain fields are exported for composing
// (e.g. BFF inputs) and the request schema adds the cross-field rule on top.
export const CreateRecoveryFieldsSchema = z.strictObject({
  name: z.string().min(1),
  snapshotEnvironment: EnvironmentSchema,
  physicalParams: RecoverPhysicalParamsSchema.optional(),
  kubernetesParams: RecoverKubernetesParamsSchema.optional(),
  mssqlParams: RecoverSqlParamsSchema.optional(),
});
/** Body of CreateRecovery (§6): `snapshotEnvironment` selects the *Params block. */
export const CreateRecoveryRequestSchema = CreateRecoveryFieldsSchema.superRefine(
  selects("snapshotEnvironment", { kPhysical: "physicalParams", kSQL: "mssqlParams", kKubernetes: "kubernetesParams" }),
);
export type CreateRecoveryRequest = z.infer<typeof CreateRecoveryRequestSchema>;

export const CreateDownloadFilesAndFoldersRequestSchema = z.strictObject({
  name: z.string().min(1),
  object: CommonRecoverObjectSnapshotParamsSchema,
  filesAndFolders: z.array(z.strictObject({ absolutePath: z.string().min(1), isDirectory: z.boolean().optional() })),
  documents: z.array(z.strictObject({ itemId: z.string().min(1), isDirectory: z.boolean().optional() })).optional(),
  parentRecoveryId: recoveryId().optional(),
  glacierRetrievalType: GlacierRetrievalTypeSchema.optional(),
});

export const GetRestorePointsFieldsSchema = z.strictObject({
  endTimeUsecs: int64(),
  environment: RestorePointsEnvironmentSchema,
  protectionGroupIds: z.array(protectionGroupId()).min(1),
  startTimeUsecs: int64(),
  sourceId: int64().optional(),
});
export const GetRestorePointsRequestSchema = GetRestorePointsFieldsSchema.refine(
  (window) => window.startTimeUsecs <= window.endTimeUsecs,
  { path: ["endTimeUsecs"], message: "must not be before startTimeUsecs" },
);

// ---- responses ----

export const RecoverySchema = wireObject({
  id: str().optional(),
  name: str().optional(),
  startTimeUsecs: num().optional(),
  endTimeUsecs: num().optional(),
  status: str().optional(),
  progressTaskId: str().optional(),
  snapshotEnvironment: str().optional(),
  recoveryAction: str().optional(),
  permissions: z.array(TenantSchema).optional(),
  creationInfo: wireObject({ userName: str().optional() }).optional(),
  canTearDown: z.boolean().optional(),
  tearDownStatus: str().optional(),
  tearDownMessage: str().optional(),
  messages: z.array(str()).optional(),
  isParentRecovery: z.boolean().optional(),
  parentRecoveryId: str().optional(),
  retrieveArchiveTasks: z
    .array(wireObject({ taskUid: str().optional(), uptierExpiryTimes: z.array(num()).optional() }))
    .optional(),
  isMultiStageRestore: z.boolean().optional(),
  physicalParams: tolerant(RecoverPhysicalParamsSchema).partial().optional(),
  kubernetesParams: tolerant(RecoverKubernetesParamsSchema).partial().optional(),
  mssqlParams: tolerant(RecoverSqlParamsSchema).partial().optional(),
});
export type Recovery = z.infer<typeof RecoverySchema>;

export const RecoveriesResponseSchema = wireObject({ recoveries: z.array(RecoverySchema).optional() });

export const RestoreInfoSchema = wireObject({
  archivalTargetInfo: wireObject({}).optional(),
  attemptNumber: num().optional(),
  cloudDeployTarget: wireObject({}).optional(),
  cloudReplicationTarget: wireObject({}).optional(),
  objectInfo: ObjectSummarySchema.optional(),
  parentObjectInfo: ObjectSummarySchema.optional(),
  protectionGroupId: str().optional(),
  runStartTimeUsecs: num().optional(),
  snapshotRelativeDirPath: str().optional(),
  viewName: str().optional(),
  vmHadIndependentDisks: z.boolean().optional(),
});

export const GetRestorePointsResponseSchema = wireObject({
  fullSnapshotInfo: z
    .array(
      wireObject({
        restoreInfo: RestoreInfoSchema.optional(),
        targetsConfiguration: z.array(tolerant(TargetsConfigurationSchema)).optional(),
      }),
    )
    .optional(),
  timeRangeInfo: wireObject({
    errorMessage: str().optional(),
    timeRanges: z
      .array(
        wireObject({ startTimeUsecs: num().optional(), endTimeUsecs: num().optional(), protectionGroupId: str().optional() }),
      )
      .optional(),
    userMessage: str().optional(),
  }).optional(),
});
