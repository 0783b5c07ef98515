// Recovery request parts (reference §M.5): the snapshot to recover from, the files/folders, and the
// physical recovery params (`recoverFileAndFolderParams`, volume restore, instant volume mount).
import { z } from "zod";
import {
  FileRecoveryStatusSchema, PhysicalRecoveryActionSchema, RecoveryStatusSchema, RestoreEntityTypeSchema,
  SnapshotTargetTypeSchema,
} from "../enums.ts";
import { expectation, int64, opaqueId, protectionGroupId, selects } from "../wire.ts";

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

export const RecoveryVlanConfigSchema = z
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
      vlanConfig: RecoveryVlanConfigSchema,
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
          vlanConfig: RecoveryVlanConfigSchema,
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
          vlanConfig: RecoveryVlanConfigSchema,
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
