// Source registrations (reference §M.1): a protected host (kPhysical) or cluster (kKubernetes)
// reached through a data-source connection.
import { z } from "zod";
import {
  DatamoverServiceTypeSchema, EnvironmentSchema, KubernetesDistributionSchema, KubernetesTypeSchema,
  OsTypeSchema, PhysicalApplicationSchema, PhysicalTypeSchema,
} from "../enums.ts";
import { connectionId, int64, num, protectionGroupId, selects, str, tolerant, wireObject } from "../wire.ts";
import { KeyValuePairSchema, ObjectSummarySchema } from "./common.ts";

export const PhysicalSourceRegistrationParamsSchema = z.strictObject({
  /** IP or FQDN of the host running the agent. §Q 25: `name` belongs at the top level, not here. */
  endpoint: z.string().min(1),
  forceRegister: z.boolean().optional(),
  hostType: OsTypeSchema.optional(),
  physicalType: PhysicalTypeSchema.optional(),
  applications: z.array(PhysicalApplicationSchema).optional(),
});

export const ConnectionConfigSchema = z.strictObject({
  connectionId: int64().optional(),
  entityId: int64().optional(),
  connectorGroupId: int64().optional(),
  dataSourceConnectionId: connectionId().optional(),
});

export const KubernetesSourceRegistrationParamsSchema = z.strictObject({
  autoProtectConfig: z
    .strictObject({
      errorMessage: z.string().optional(),
      isDefaultAutoProtected: z.boolean(),
      policyId: z.string().min(1),
      protectionGroupId: protectionGroupId().optional(),
      storageDomainId: int64().optional(),
    })
    .optional(),
  /** Service-account bearer token or private key: a secret, never logged. */
  clientPrivateKey: z.string().min(1),
  dataMoverImageLocation: z.string().optional(),
  datamoverHostportNumber: int64().optional(),
  datamoverServiceType: DatamoverServiceTypeSchema.optional(),
  defaultVlanParams: z.record(z.string(), z.unknown()).optional(),
  endpoint: z.string().min(1),
  initContainerImageLocation: z.string().optional(),
  kubernetesDistribution: KubernetesDistributionSchema,
  kubernetesType: KubernetesTypeSchema.optional(),
  priorityClassName: z.string().optional(),
  sanFields: z.array(z.string()).optional(),
  veleroImageLocation: z.string().optional(),
  vlanInfoVec: z.array(z.record(z.string(), z.unknown())).optional(),
  cohesityDataprotectPluginImageLocation: z.string().optional(),
  resourceAnnotations: z.array(z.record(z.string(), z.unknown())).optional(),
  resourceLabels: z.array(z.record(z.string(), z.unknown())).optional(),
  serviceAnnotations: z.array(z.record(z.string(), z.unknown())).optional(),
  veleroAwsPluginImageLocation: z.string().optional(),
  veleroOpenshiftPluginImageLocation: z.string().optional(),
});

const registrationFields = {
  environment: EnvironmentSchema,
  name: z.string().min(1).optional(),
  isInternalEncrypted: z.boolean().optional(),
  encryptionKey: z.string().optional(),
  /** Legacy int64 connection id; prefer dataSourceConnectionId (§0.4). */
  connectionId: int64().optional(),
  connections: z.array(ConnectionConfigSchema).optional(),
  connectorGroupId: int64().optional(),
  advancedConfigs: z.array(KeyValuePairSchema).optional(),
  dataSourceConnectionId: connectionId().optional(),
  kubernetesParams: KubernetesSourceRegistrationParamsSchema.optional(),
  physicalParams: PhysicalSourceRegistrationParamsSchema.optional(),
};

// §2: physicalParams "required for kPhysical", kubernetesParams "required for kKubernetes". SQL hosts
// register as kPhysical + physicalParams.applications (§R), so kSQL has no block of its own.
const requireEnvironmentBlock = selects("environment", { kPhysical: "physicalParams", kKubernetes: "kubernetesParams" });

// zod 4 refuses .pick/.omit on refined objects, so the plain fields are exported for composing
// (e.g. BFF inputs) and the request schema adds the cross-field rule on top.
export const RegisterProtectionSourceFieldsSchema = z.strictObject(registrationFields);
export const UpdateProtectionSourceRegistrationFieldsSchema = z.strictObject({
  ...registrationFields,
  lastModifiedTimestampUsecs: int64().optional(),
});

/** Body of RegisterProtectionSource (§2). */
export const RegisterProtectionSourceRequestSchema = RegisterProtectionSourceFieldsSchema.superRefine(requireEnvironmentBlock);
export type RegisterProtectionSourceRequest = z.infer<typeof RegisterProtectionSourceRequestSchema>;

/** Body of UpdateProtectionSourceRegistration: full replacement (§Q 20). */
export const UpdateProtectionSourceRegistrationRequestSchema =
  UpdateProtectionSourceRegistrationFieldsSchema.superRefine(requireEnvironmentBlock);

/** §Q 10: the PATCH body carries nothing but `environment`. */
export const PatchProtectionSourceRegistrationRequestSchema = z.strictObject({ environment: EnvironmentSchema });

/** SourceRegistrationResponseParams (§M.1). Times here are ms, not µs (§Q 16). */
export const SourceRegistrationSchema = tolerant(UpdateProtectionSourceRegistrationFieldsSchema)
  .omit({ encryptionKey: true, isInternalEncrypted: true, lastModifiedTimestampUsecs: true })
  .partial({ environment: true })
  .extend({
    id: num().optional(),
    sourceId: num().optional(),
    sourceInfo: ObjectSummarySchema.optional(),
    // The service does not echo the k8s secret back, so nothing in this block is required.
    kubernetesParams: tolerant(KubernetesSourceRegistrationParamsSchema).partial().optional(),
    authenticationStatus: str().optional(),
    registrationTimeMsecs: num().optional(),
    lastRefreshedTimeMsecs: num().optional(),
    lastModifiedTimestampUsecs: num().optional(),
    externalMetadata: wireObject({ maintenanceModeConfig: wireObject({}).optional() }).optional(),
  });
export type SourceRegistration = z.infer<typeof SourceRegistrationSchema>;

export const SourceRegistrationsResponseSchema = wireObject({
  registrations: z.array(SourceRegistrationSchema).optional(),
});
