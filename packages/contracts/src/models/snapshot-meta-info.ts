// ConstructMetaInfo (reference §13, §M.12) — IBM Go SDK v1.2.5 addition: the restore meta-info of
// a snapshot. Only Kubernetes and Oracle results have blocks; kPhysical / kSQL reduce to
// `{environment}`.
import { z } from "zod";
import { MetaInfoEnvironmentSchema } from "../enums.ts";
import { int64, num, str, wireEnum, wireObject } from "../wire.ts";
import { KeyValuePairSchema } from "./common.ts";

export const ConstructMetaInfoRequestSchema = z.strictObject({
  environment: MetaInfoEnvironmentSchema,
  kubernetesParams: z.strictObject({ objectId: int64() }).optional(),
  oracleParams: z
    .strictObject({
      baseDir: z.string().optional(),
      dbFileDestination: z.string().optional(),
      dbName: z.string().optional(),
      homeDir: z.string().optional(),
      isClone: z.boolean().optional(),
      isDisasterRecovery: z.boolean().optional(),
      isGranularRestore: z.boolean().optional(),
      isRecoveryValidation: z.boolean().optional(),
    })
    .optional(),
  sfdcParams: z.strictObject({ metaInfoType: wireEnum(["DependentObjects"]), objectName: z.string().optional() }).optional(),
});
export type ConstructMetaInfoRequest = z.infer<typeof ConstructMetaInfoRequestSchema>;

const keyValues = z.array(KeyValuePairSchema.loose()).optional();

/** ConstructMetaInfoResult; environment: MetaInfoResultEnvironmentSchema. */
export const ConstructMetaInfoResultSchema = wireObject({
  environment: str().optional(),
  kubernetesParams: wireObject({
    backedUpPvcs: z.array(wireObject({ id: num().optional(), name: str().optional() })).optional(),
    backedUpResourceCount: num().optional(),
    backedUpResources: z.array(wireObject({
      apiGroup: str().optional(), isClusterScoped: z.boolean().optional(), kind: str().optional(), name: str().optional(),
      resourceList: z.array(wireObject({ entityId: num().optional(), name: str().optional() })).optional(), version: str().optional(),
    })).optional(),
    excludedResources: z.array(str()).optional(),
    includedResources: z.array(str()).optional(),
    includesClusterScopedResources: z.boolean().optional(),
    quiesceRuleStatus: z.array(wireObject({})).optional(),
  }).optional(),
  oracleParams: wireObject({
    cohesityPfileParamMap: keyValues,
    inheritedPfileParamMap: keyValues,
    restrictedPfileParamMap: keyValues,
  }).optional(),
});
