// The v1 protection-source tree (reference §M.8, ListProtectionSources) and the registration info
// built from it (§M.9, ListProtectionSourcesRegistrationInfo) — IBM Go SDK v1.2.5 additions. Only
// the fields that matter for physical hosts and their agents are named; everything else passes
// through (wireObject). Enum-valued fields are decoded as strings (§Q 11), their value sets are
// the enums named in the comments (enums.ts).
import { z } from "zod";
import { num, str, wireObject } from "../wire.ts";

/** PhysicalVolume (§M.8). */
export const PhysicalVolumeSchema = wireObject({
  devicePath: str().optional(),
  guid: str().optional(),
  isBootVolume: z.boolean().optional(),
  isProtected: z.boolean().optional(),
  label: str().optional(),
  logicalSizeBytes: num().optional(),
  mountPoints: z.array(str()).optional(),
  mountType: str().optional(),
  usedSizeBytes: num().optional(),
});

/** AgentAccessInfo (§M.8); environment: ProtectionSourceNodeEnvironmentSchema. */
export const AgentAccessInfoSchema = wireObject({
  connectionId: num().optional(),
  connectorGroupId: num().optional(),
  endpoint: str().optional(),
  environment: str().optional(),
  id: num().optional(),
  version: num().optional(),
});

/**
 * AgentRegistrationInfo (§M.8): `registrationInfo` of a node and of an agent. authenticationStatus:
 * V1AuthenticationStatusSchema (k-prefixed); environments: ProtectionSourceNodeEnvironmentSchema.
 */
export const AgentRegistrationInfoSchema = wireObject({
  accessInfo: AgentAccessInfoSchema.optional(),
  authenticationErrorMessage: str().optional(),
  authenticationStatus: str().optional(),
  environments: z.array(str()).optional(),
  progressMonitorPath: str().optional(),
  refreshErrorMessage: str().optional(),
  refreshTimeUsecs: num().optional(),
  registrationTimeUsecs: num().optional(),
  userMessages: z.array(str()).optional(),
  warningMessages: z.array(str()).optional(),
});

/**
 * AgentInformation (§M.8). hostType: PhysicalHostTypeSchema; status: AgentHealthSchema;
 * upgradability: AgentUpgradabilitySchema; upgradeStatus: AgentInfoUpgradeStatusSchema.
 */
export const AgentInformationSchema = wireObject({
  hostType: str().optional(),
  id: num().optional(),
  name: str().optional(),
  registrationInfo: AgentRegistrationInfoSchema.optional(),
  status: str().optional(),
  statusMessage: str().optional(),
  upgradability: str().optional(),
  upgradeStatus: str().optional(),
  upgradeStatusMessage: str().optional(),
  version: str().optional(),
});

/** PhysicalProtectionSource (§M.8). type: PhysicalNodeTypeSchema (`kGroup` container, `kHost`); hostType: PhysicalHostTypeSchema. */
export const PhysicalProtectionSourceSchema = wireObject({
  agents: z.array(AgentInformationSchema).optional(),
  hostName: str().optional(),
  hostType: str().optional(),
  isProxyHost: z.boolean().optional(),
  memorySizeBytes: num().optional(),
  name: str().optional(),
  numProcessors: num().optional(),
  osName: str().optional(),
  type: str().optional(),
  volumes: z.array(PhysicalVolumeSchema).optional(),
});

/** ProtectionSourceNode (§M.8): the object behind a node; environment: ProtectionSourceNodeEnvironmentSchema. */
export const ProtectionSourceNodeSchema = wireObject({
  connectionId: num().optional(),
  connectorGroupId: num().optional(),
  customName: str().optional(),
  environment: str().optional(),
  /** The object id used by protection groups, SearchObjects and recoveries. */
  id: num().optional(),
  name: str().optional(),
  parentId: num().optional(),
  physicalProtectionSource: PhysicalProtectionSourceSchema.optional(),
});
export type ProtectionSourceNode = z.infer<typeof ProtectionSourceNodeSchema>;

/** SubtreeInfo (§M.8): protected/unprotected roll-up per environment. */
export const SubtreeInfoSchema = wireObject({
  environment: str().optional(),
  leavesCount: num().optional(),
  totalLogicalSize: num().optional(),
});

/** ProtectionSourceNodes (§M.8): one node of the tree, recursive through nodes / applicationNodes. */
export interface ProtectionSourceNodes {
  [key: string]: unknown;
  applicationNodes?: ProtectionSourceNodes[];
  logicalSize?: number;
  nodes?: ProtectionSourceNodes[];
  protectedSourcesSummary?: z.infer<typeof SubtreeInfoSchema>[];
  protectionSource?: ProtectionSourceNode;
  registrationInfo?: z.infer<typeof AgentRegistrationInfoSchema>;
  unprotectedSourcesSummary?: z.infer<typeof SubtreeInfoSchema>[];
}
export const ProtectionSourceNodesSchema: z.ZodType<ProtectionSourceNodes> = z.lazy(() =>
  wireObject({
    applicationNodes: z.array(ProtectionSourceNodesSchema).optional(),
    entityPaginationParameters: wireObject({}).optional(),
    logicalSize: num().optional(),
    nodes: z.array(ProtectionSourceNodesSchema).optional(),
    protectedSourcesSummary: z.array(SubtreeInfoSchema).optional(),
    protectionSource: ProtectionSourceNodeSchema.optional(),
    registrationInfo: AgentRegistrationInfoSchema.optional(),
    totalDowntieredSizeInBytes: num().optional(),
    totalUptieredSizeInBytes: num().optional(),
    unprotectedSourcesSummary: z.array(SubtreeInfoSchema).optional(),
  }),
);

/** ListProtectionSources answers a bare JSON array of tree nodes (§11). */
export const ListProtectionSourcesResponseSchema = z.array(ProtectionSourceNodesSchema);

/** GetRegistrationInfoResponseStats / ProtectionSourceTreeInfoStats (§M.9). */
export const ProtectionStatsSchema = wireObject({
  protectedCount: num().optional(),
  protectedSize: num().optional(),
  unprotectedCount: num().optional(),
  unprotectedSize: num().optional(),
});

/** ProtectionSummaryByEnv (§M.9); environment: V1RegistrationEnvironmentSchema. */
export const ProtectionSummaryByEnvSchema = ProtectionStatsSchema.extend({ environment: str().optional() });

/**
 * RegisteredSourceInfo (§M.9): `registrationInfo` of a root node. authenticationStatus:
 * V1AuthenticationStatusSchema; environments: V1RegistrationEnvironmentSchema.
 */
export const RegisteredSourceInfoSchema = wireObject({
  accessInfo: AgentAccessInfoSchema.optional(),
  authenticationErrorMessage: str().optional(),
  authenticationStatus: str().optional(),
  environments: z.array(str()).optional(),
  physicalParams: wireObject({}).optional(),
  progressMonitorPath: str().optional(),
  refreshErrorMessage: str().optional(),
  refreshTimeUsecs: num().optional(),
  registrationTimeUsecs: num().optional(),
  userMessages: z.array(str()).optional(),
  warningMessages: z.array(str()).optional(),
});

/** ProtectionSourceTreeInfo (§M.9): one registered source. */
export const ProtectionSourceTreeInfoSchema = wireObject({
  applications: z.array(wireObject({ applicationTreeInfo: z.array(ProtectionSourceNodeSchema).optional(), environment: str().optional() })).optional(),
  logicalSizeBytes: num().optional(),
  registrationInfo: RegisteredSourceInfoSchema.optional(),
  rootNode: ProtectionSourceNodeSchema.optional(),
  stats: ProtectionStatsSchema.optional(),
  statsByEnv: z.array(ProtectionSummaryByEnvSchema).optional(),
  totalDowntieredSizeInBytes: num().optional(),
  totalUptieredSizeInBytes: num().optional(),
});

/** GetRegistrationInfoResponse (§M.9). */
export const GetRegistrationInfoResponseSchema = wireObject({
  rootNodes: z.array(ProtectionSourceTreeInfoSchema).optional(),
  stats: ProtectionStatsSchema.optional(),
  statsByEnv: z.array(ProtectionSummaryByEnvSchema).optional(),
});
