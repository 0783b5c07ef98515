// SQL and Kubernetes recovery params (reference §M.5). The physical ones live in recovery-params.ts.
import { z } from "zod";
import { KubernetesRecoveryActionSchema, OverwritingPolicySchema, SqlRecoveryActionSchema } from "../enums.ts";
import { expectation, int64, selects } from "../wire.ts";
import {
  CommonRecoverFileAndFolderInfoSchema, CommonRecoverObjectSnapshotParamsSchema, RecoveryVlanConfigSchema,
} from "./recovery-params.ts";

const sqlSourceConfigCommon = {
  keepCdc: z.boolean().optional(),
  multiStageRestoreOptions: z.record(z.string(), z.unknown()).optional(),
  nativeLogRecoveryWithClause: z.string().optional(),
  nativeRecoveryWithClause: z.string().optional(),
  overwritingPolicy: OverwritingPolicySchema.optional(),
  replayEntireLastLog: z.boolean().optional(),
  restoreTimeUsecs: int64().optional(),
  secondaryDataFilesDirList: z
    .array(z.strictObject({ directory: z.string().optional(), filenamePattern: z.string().optional() }))
    .optional(),
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
  vlanConfig: RecoveryVlanConfigSchema,
});

// Kubernetes (§M.5 RecoveryRequestParamsKubernetesParams). Target details beyond the reference's
// summary stay open records: Lifeboat does not recover Kubernetes itself.
const kubernetesOnly = z.enum(["kKubernetes"], { error: (iss) => expectation("kKubernetes", iss.input) });
const openRecord = z.record(z.string(), z.unknown()).optional();

export const RecoverKubernetesParamsSchema = z
  .strictObject({
    downloadFileAndFolderParams: z
      .strictObject({
        expiryTimeUsecs: int64().optional(),
        filesAndFolders: z.array(CommonRecoverFileAndFolderInfoSchema).optional(),
        downloadFilePath: z.string().optional(),
      })
      .optional(),
    objects: z.array(CommonRecoverObjectSnapshotParamsSchema).optional(),
    recoverFileAndFolderParams: z
      .strictObject({
        filesAndFolders: z.array(CommonRecoverFileAndFolderInfoSchema).min(1),
        targetEnvironment: kubernetesOnly,
        kubernetesTargetParams: openRecord,
      })
      .optional(),
    recoverNamespaceParams: z
      .strictObject({ targetEnvironment: kubernetesOnly, kubernetesTargetParams: openRecord, vlanConfig: openRecord })
      .optional(),
    recoveryAction: KubernetesRecoveryActionSchema,
  })
  .superRefine(
    selects("recoveryAction", {
      RecoverFiles: "recoverFileAndFolderParams",
      RecoverNamespaces: "recoverNamespaceParams",
    }),
  );

