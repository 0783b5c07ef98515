// Protection group (reference §M.3): which hosts/paths are backed up under which policy. Physical
// file/volume params are modelled in full; MSSQL and Kubernetes params per the reference's summary.
import { z } from "zod";
import {
  AagBackupPreferenceTypeSchema, AlertLanguageSchema, AlertRecipientTypeSchema, AlertRunStatusSchema,
  EnvironmentSchema, IgnorableErrorSchema, LabelCombinationMethodSchema, MssqlProtectionTypeSchema,
  PhysicalProtectionTypeSchema, PrioritySchema, QosPolicySchema, SlaRunTypeSchema,
  UserDbBackupPreferenceTypeSchema,
} from "../enums.ts";
import { expectation, int64, num, opaqueId, selects, str, tolerant, wireObject } from "../wire.ts";
import { KeyValuePairSchema, TenantSchema, TimeOfDaySchema } from "./common.ts";
import { CancellationTimeoutParamsSchema } from "./policy.ts";
import { ProtectionGroupRunSchema } from "./run.ts";

export const IndexingPolicySchema = z.strictObject({
  enableIndexing: z.boolean(),
  includePaths: z.array(z.string()).optional(),
  excludePaths: z.array(z.string()).optional(),
});

const scriptCommon = {
  path: z.string().min(1),
  params: z.string().optional(),
  timeoutSecs: int64().optional(),
  isActive: z.boolean().optional(),
};
export const PrePostScriptParamsSchema = z.strictObject({
  preScript: z.strictObject({ ...scriptCommon, continueOnError: z.boolean().optional() }).optional(),
  postScript: z.strictObject(scriptCommon).optional(),
});

export const PhysicalFileBackupPathParamsSchema = z.strictObject({
  includedPath: z.string().min(1),
  excludedPaths: z.array(z.string()).optional(),
  skipNestedVolumes: z.boolean().optional(),
});

export const PhysicalFileProtectionGroupObjectParamsSchema = z.strictObject({
  excludedVssWriters: z.array(z.string()).optional(),
  /** Protected host object id (int64, from the registration's sourceId / source tree). */
  id: int64(),
  name: z.string().optional(),
  filePaths: z.array(PhysicalFileBackupPathParamsSchema).optional(),
  usesPathLevelSkipNestedVolumeSetting: z.boolean().optional(),
  nestedVolumeTypesToSkip: z.array(z.string()).optional(),
  followNasSymlinkTarget: z.boolean().optional(),
  metadataFilePath: z.string().optional(),
});

export const PhysicalFileProtectionGroupParamsSchema = z.strictObject({
  excludedVssWriters: z.array(z.string()).optional(),
  objects: z.array(PhysicalFileProtectionGroupObjectParamsSchema).min(1),
  indexingPolicy: IndexingPolicySchema.optional(),
  performSourceSideDeduplication: z.boolean().optional(),
  performBrickBasedDeduplication: z.boolean().optional(),
  taskTimeouts: z.array(CancellationTimeoutParamsSchema).optional(),
  quiesce: z.boolean().optional(),
  continueOnQuiesceFailure: z.boolean().optional(),
  cobmrBackup: z.boolean().optional(),
  prePostScript: PrePostScriptParamsSchema.optional(),
  dedupExclusionSourceIds: z.array(int64()).optional(),
  globalExcludePaths: z.array(z.string()).optional(),
  globalExcludeFS: z.array(z.string()).optional(),
  ignorableErrors: z.array(IgnorableErrorSchema).optional(),
  allowParallelRuns: z.boolean().optional(),
});

export const PhysicalVolumeProtectionGroupParamsSchema = z.strictObject({
  objects: z
    .array(
      z.strictObject({
        id: int64(),
        name: z.string().optional(),
        volumeGuids: z.array(z.string()).optional(),
        enableSystemBackup: z.boolean().optional(),
        excludedVssWriters: z.array(z.string()).optional(),
      }),
    )
    .min(1),
  indexingPolicy: IndexingPolicySchema.optional(),
  performSourceSideDeduplication: z.boolean().optional(),
  quiesce: z.boolean().optional(),
  continueOnQuiesceFailure: z.boolean().optional(),
  incrementalBackupAfterRestart: z.boolean().optional(),
  prePostScript: PrePostScriptParamsSchema.optional(),
  dedupExclusionSourceIds: z.array(int64()).optional(),
  excludedVssWriters: z.array(z.string()).optional(),
  cobmrBackup: z.boolean().optional(),
});

/** kFile → fileProtectionTypeParams, kVolume → volumeProtectionTypeParams (§M.3). */
export const PhysicalProtectionGroupParamsSchema = z
  .strictObject({
    protectionType: PhysicalProtectionTypeSchema,
    volumeProtectionTypeParams: PhysicalVolumeProtectionGroupParamsSchema.optional(),
    fileProtectionTypeParams: PhysicalFileProtectionGroupParamsSchema.optional(),
  })
  .superRefine(selects("protectionType", { kFile: "fileProtectionTypeParams", kVolume: "volumeProtectionTypeParams" }));

// MSSQL: the three variants share these fields (§M.3).
const mssqlCommon = {
  aagBackupPreferenceType: AagBackupPreferenceTypeSchema.optional(),
  advancedSettings: z.record(z.string(), z.unknown()).optional(),
  backupSystemDbs: z.boolean().optional(),
  excludeFilters: z
    .array(z.strictObject({ filterString: z.string(), isRegularExpression: z.boolean().optional() }))
    .optional(),
  fullBackupsCopyOnly: z.boolean().optional(),
  logBackupNumStreams: int64().optional(),
  logBackupWithClause: z.string().optional(),
  prePostScript: PrePostScriptParamsSchema.optional(),
  useAagPreferencesFromServer: z.boolean().optional(),
  userDbBackupPreferenceType: UserDbBackupPreferenceTypeSchema.optional(),
  objects: z
    .array(z.strictObject({ id: int64(), name: z.string().optional(), sourceType: z.string().optional() }))
    .min(1),
};
const additionalHostParams = z
  .array(
    z.strictObject({
      hostId: int64(),
      hostName: z.string().optional(),
      disableSourceSideDeduplication: z.boolean().optional(),
    }),
  )
  .optional();

export const MSSQLProtectionGroupParamsSchema = z.strictObject({
  protectionType: MssqlProtectionTypeSchema,
  fileProtectionTypeParams: z
    .strictObject({ ...mssqlCommon, additionalHostParams, performSourceSideDeduplication: z.boolean().optional() })
    .optional(),
  nativeProtectionTypeParams: z
    .strictObject({ ...mssqlCommon, numStreams: int64().optional(), withClause: z.string().optional() })
    .optional(),
  volumeProtectionTypeParams: z
    .strictObject({
      ...mssqlCommon,
      additionalHostParams,
      backupDbVolumesOnly: z.boolean().optional(),
      incrementalBackupAfterRestart: z.boolean().optional(),
      indexingPolicy: IndexingPolicySchema.optional(),
    })
    .optional(),
}).superRefine(
  selects("protectionType", {
    kFile: "fileProtectionTypeParams",
    kNative: "nativeProtectionTypeParams",
    kVolume: "volumeProtectionTypeParams",
  }),
);

const KubernetesFilterParamsSchema = z
  .strictObject({ labelCombinationMethod: LabelCombinationMethodSchema.optional() })
  .catchall(z.unknown());

export const KubernetesProtectionGroupParamsSchema = z.strictObject({
  enableIndexing: z.boolean().optional(),
  excludeLabelIds: z.array(z.array(int64())).optional(),
  excludeObjectIds: z.array(int64()).optional(),
  excludeParams: KubernetesFilterParamsSchema.optional(),
  includeParams: KubernetesFilterParamsSchema.optional(),
  labelIds: z.array(z.array(int64())).optional(),
  leverageCSISnapshot: z.boolean().optional(),
  nonSnapshotBackup: z.boolean().optional(),
  objects: z.array(z.strictObject({ id: int64() }).catchall(z.unknown())).optional(),
  snapshotTimeoutSeconds: int64().optional(),
  sourceId: int64().optional(),
  sourceName: z.string().optional(),
  vlanParams: z.record(z.string(), z.unknown()).optional(),
  volumeBackupFailure: z.boolean().optional(),
});

export const ProtectionGroupAlertingPolicySchema = z.strictObject({
  backupRunStatus: z.array(AlertRunStatusSchema).min(1),
  alertTargets: z
    .array(
      z.strictObject({
        emailAddress: z.email({ error: (iss) => expectation("an email address", iss.input) }),
        language: AlertLanguageSchema.optional(),
        recipientType: AlertRecipientTypeSchema.optional(),
      }),
    )
    .optional(),
  raiseObjectLevelFailureAlert: z.boolean().optional(),
  raiseObjectLevelFailureAlertAfterLastAttempt: z.boolean().optional(),
  raiseObjectLevelFailureAlertAfterEachAttempt: z.boolean().optional(),
});

export const SlaRuleSchema = z.strictObject({
  backupRunType: SlaRunTypeSchema.optional(),
  slaMinutes: int64().min(1).optional(),
});

/** The params block each environment reads (§3 "for kPhysical" / "for kSQL" / "for kKubernetes"). */
const environmentBlocks = { kPhysical: "physicalParams", kSQL: "mssqlParams", kKubernetes: "kubernetesParams" };

// zod 4 refuses .pick/.omit on refined objects, so the plain fields are exported for composing
// (e.g. BFF inputs) and the request schema adds the cross-field rule on top.
export const ProtectionGroupFieldsSchema = z.strictObject({
  name: z.string().min(1),
  policyId: opaqueId("policy id"),
  environment: EnvironmentSchema,
  priority: PrioritySchema.optional(),
  description: z.string().optional(),
  startTime: TimeOfDaySchema.optional(),
  endTimeUsecs: int64().optional(),
  lastModifiedTimestampUsecs: int64().optional(),
  alertPolicy: ProtectionGroupAlertingPolicySchema.optional(),
  sla: z.array(SlaRuleSchema).optional(),
  qosPolicy: QosPolicySchema.optional(),
  abortInBlackouts: z.boolean().optional(),
  pauseInBlackouts: z.boolean().optional(),
  isPaused: z.boolean().optional(),
  advancedConfigs: z.array(KeyValuePairSchema).optional(),
  physicalParams: PhysicalProtectionGroupParamsSchema.optional(),
  mssqlParams: MSSQLProtectionGroupParamsSchema.optional(),
  kubernetesParams: KubernetesProtectionGroupParamsSchema.optional(),
});
/** Body of CreateProtectionGroup / UpdateProtectionGroup (§3). */
export const ProtectionGroupRequestSchema = ProtectionGroupFieldsSchema.superRefine(selects("environment", environmentBlocks));
export type ProtectionGroupRequest = z.infer<typeof ProtectionGroupRequestSchema>;

const MissingEntityParamsSchema = wireObject({
  id: num().optional(),
  name: str().optional(),
  parentSourceId: num().optional(),
  parentSourceName: str().optional(),
});

/** ProtectionGroupResponse (§M.3): the writable fields plus state and the optional last run. */
export const ProtectionGroupSchema = tolerant(ProtectionGroupFieldsSchema)
  .partial({ name: true, policyId: true, environment: true })
  .extend({
    id: str().optional(),
    clusterId: str().optional(),
    regionId: str().optional(),
    isActive: z.boolean().optional(),
    isDeleted: z.boolean().optional(),
    lastRun: ProtectionGroupRunSchema.optional(),
    permissions: z.array(TenantSchema).optional(),
    isProtectOnce: z.boolean().optional(),
    missingEntities: z.array(MissingEntityParamsSchema).optional(),
    invalidEntities: z.array(MissingEntityParamsSchema).optional(),
    numProtectedObjects: num().optional(),
    /**
     * When the group was created (µs). Not in the v2 reference: a Lifeboat engine extension (v1
     * jobs carried it), read as the anchor of fixed-interval schedules by @lifeboat/policy.
     */
    creationTimeUsecs: num().optional(),
  });
export type ProtectionGroup = z.infer<typeof ProtectionGroupSchema>;

export const ProtectionGroupsResponseSchema = wireObject({
  protectionGroups: z.array(ProtectionGroupSchema).optional(),
});
