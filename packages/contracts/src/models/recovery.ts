// Recovery (reference §M.5): physical file/volume recoveries with `recoverFileAndFolderParams`, SQL
// and Kubernetes recoveries, file downloads, and restore points.
import { z } from "zod";
import {
  EnvironmentSchema, FileRecoveryStatusSchema, GlacierRetrievalTypeSchema, KubernetesRecoveryActionSchema,
  OverwritingPolicySchema, PhysicalRecoveryActionSchema, RecoveryStatusSchema,
  RestoreEntityTypeSchema, RestorePointsEnvironmentSchema, SnapshotTargetTypeSchema, SqlRecoveryActionSchema,
} from "../enums.ts";
import {
  expectation, int64, num, opaqueId, protectionGroupId, recoveryId, selects, str, tolerant, wireObject,
} from "../wire.ts";
import { ObjectSummarySchema, TenantSchema } from "./common.ts";
import { TargetsConfigurationSchema } from "./policy.ts";

/** CommonRecoverObjectSnapshotParams: which snapshot to recover from; status fields are read-only. */
export const CommonRecoverObjectSnapshotParamsSchema = z.strictObject({
  snapshotId: opaqueId("snapshot id"),
  pointInTimeUsecs: int64().optional(),
  protectionGroupId: protectionGroupId().optional(),
  protectionGroupName: z.string().optional(),
  snapshotCreationTimeUsecs: int64().optional(),
  objectInfo: z.record(z.string(), z.unknown()).optional(),
  snapshotTargetType: SnapshotTargetTypeSchema.optional(),
  archivalTargetInfo: z.record(z.string(), z.unknown()).optional(),
  progressTaskId: z.string().optional(),
  recoverFromStandby: z.boolean().optional(),
  status: RecoveryStatusSchema.optional(),
  startTimeUsecs: int64().optional(),
  endTimeUsecs: int64().optional(),
  messages: z.array(z.string()).optional(),
  bytesRestored: int64().optional(),
});

export const CommonRecoverFileAndFolderInfoSchema = z.strictObject({
  absolutePath: z.string().min(1),
  destinationDir: z.string().optional(),
  isDirectory: z.boolean().optional(),
  status: FileRecoveryStatusSchema.optional(),
  messages: z.array(z.string()).optional(),
  isViewFileRecovery: z.boolean().optional(),
});

const vlanConfig = z
  .strictObject({ id: int64().optional(), disableVlan: z.boolean().optional(), interfaceName: z.string().optional() })
  .optional();
const targetObject = z.strictObject({
  id: int64(),
  name: z.string().optional(),
  parentSourceId: int64().optional(),
  parentSourceName: z.string().optional(),
});
const physicalOnly = z.enum(["kPhysical"], { error: (iss) => expectation("kPhysical", iss.input) });

export const RecoverPhysicalFileAndFolderParamsSchema = z.strictObject({
  filesAndFolders: z.array(CommonRecoverFileAndFolderInfoSchema).min(1),
  targetEnvironment: physicalOnly,
  physicalTargetParams: z
    .strictObject({
      recoverTarget: targetObject,
      restoreToOriginalPaths: z.boolean().optional(),
      overwriteExisting: z.boolean().optional(),
      /** Used when restoreToOriginalPaths is false. */
      alternateRestoreDirectory: z.string().optional(),
      preserveAttributes: z.boolean().optional(),
      preserveTimestamps: z.boolean().optional(),
      preserveAcls: z.boolean().optional(),
      continueOnError: z.boolean().optional(),
      saveSuccessFiles: z.boolean().optional(),
      vlanConfig,
      restoreEntityType: RestoreEntityTypeSchema.optional(),
    })
    .superRefine((target, ctx) => {
      // Restoring elsewhere than the original paths needs a place to put the files.
      if (target.restoreToOriginalPaths === false && !target.alternateRestoreDirectory) {
        ctx.addIssue({
          code: "custom",
          path: ["alternateRestoreDirectory"],
          message: "required when restoreToOriginalPaths is false",
          input: target.alternateRestoreDirectory,
        });
      }
    })
    .optional(),
});

const serverCredentials = z.strictObject({ username: z.string(), password: z.string() }).optional();

export const RecoverPhysicalParamsSchema = z.strictObject({
  objects: z.array(CommonRecoverObjectSnapshotParamsSchema).min(1),
  recoveryAction: PhysicalRecoveryActionSchema,
  recoverVolumeParams: z
    .strictObject({
      targetEnvironment: physicalOnly,
      physicalTargetParams: z
        .strictObject({
          mountTarget: z.strictObject({ id: int64(), name: z.string().optional() }),
          volumeMapping: z.array(
            z.strictObject({ sourceVolumeGuid: z.string().min(1), destinationVolumeGuid: z.string().min(1) }),
          ),
          forceUnmountVolume: z.boolean().optional(),
          vlanConfig,
        })
        .optional(),
    })
    .optional(),
  mountVolumeParams: z
    .strictObject({
      targetEnvironment: physicalOnly,
      physicalTargetParams: z
        .strictObject({
          mountToOriginalTarget: z.boolean(),
          originalTargetConfig: z.strictObject({ serverCredentials }).optional(),
          newTargetConfig: z
            .strictObject({ mountTarget: z.strictObject({ id: int64(), name: z.string().optional() }), serverCredentials })
            .optional(),
          readOnlyMount: z.boolean().optional(),
          volumeNames: z.array(z.string()).optional(),
          mountedVolumeMapping: z.array(z.record(z.string(), z.unknown())).optional(),
          vlanConfig,
        })
        .optional(),
    })
    .optional(),
  recoverFileAndFolderParams: RecoverPhysicalFileAndFolderParamsSchema.optional(),
  downloadFileAndFolderParams: z
    .strictObject({
      expiryTimeUsecs: int64().optional(),
      filesAndFolders: z.array(CommonRecoverFileAndFolderInfoSchema).optional(),
      downloadFilePath: z.string().optional(),
    })
    .optional(),
  systemRecoveryParams: z.strictObject({ fullNasPath: z.string().optional() }).optional(),
}).superRefine(
  selects("recoveryAction", {
    RecoverFiles: "recoverFileAndFolderParams",
    RecoverPhysicalVolumes: "recoverVolumeParams",
    InstantVolumeMount: "mountVolumeParams",
  }),
);

const sqlSourceConfigCommon = {
  keepCdc: z.boolean().optional(),
  multiStageRestoreOptions: z.record(z.string(), z.unknown()).optional(),
  nativeLogRecoveryWithClause: z.string().optional(),
  nativeRecoveryWithClause: z.string().optional(),
  overwritingPolicy: OverwritingPolicySchema.optional(),
  replayEntireLastLog: z.boolean().optional(),
  restoreTimeUsecs: int64().optional(),
  secondaryDataFilesDirList: z.array(z.record(z.string(), z.unknown())).optional(),
  withNoRecovery: z.boolean().optional(),
};

export const RecoverSqlAppParamsSchema = CommonRecoverObjectSnapshotParamsSchema.extend({
  aagInfo: z.strictObject({ name: z.string().optional(), objectId: int64().optional() }).optional(),
  hostInfo: z
    .strictObject({ id: z.string().optional(), name: z.string().optional(), environment: z.string().optional() })
    .optional(),
  isEncrypted: z.boolean().optional(),
  sqlTargetParams: z
    .strictObject({
      newSourceConfig: z
        .strictObject({
          ...sqlSourceConfigCommon,
          dataFileDirectoryLocation: z.string(),
          databaseName: z.string().optional(),
          host: z.strictObject({ id: int64(), name: z.string().optional() }),
          instanceName: z.string(),
          logFileDirectoryLocation: z.string(),
        })
        .optional(),
      originalSourceConfig: z
        .strictObject({
          ...sqlSourceConfigCommon,
          captureTailLogs: z.boolean().optional(),
          dataFileDirectoryLocation: z.string().optional(),
          logFileDirectoryLocation: z.string().optional(),
          newDatabaseName: z.string().optional(),
        })
        .optional(),
      recoverToNewSource: z.boolean(),
    })
    .optional(),
  targetEnvironment: z.enum(["kSQL"], { error: (iss) => expectation("kSQL", iss.input) }),
});

export const RecoverSqlParamsSchema = z.strictObject({
  recoverAppParams: z.array(RecoverSqlAppParamsSchema).optional(),
  recoveryAction: SqlRecoveryActionSchema,
  vlanConfig,
});

// Kubernetes recovery params beyond the action are kept open: Lifeboat does not recover k8s.
export const RecoverKubernetesParamsSchema = z.strictObject({
  downloadFileAndFolderParams: z.record(z.string(), z.unknown()).optional(),
  objects: z.array(CommonRecoverObjectSnapshotParamsSchema).optional(),
  recoverFileAndFolderParams: z.record(z.string(), z.unknown()).optional(),
  recoverNamespaceParams: z.record(z.string(), z.unknown()).optional(),
  recoveryAction: KubernetesRecoveryActionSchema,
});

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
