// Data-source connections, connectors and agent upgrade tasks (reference §M.6).
import { z } from "zod";
import { AgentPlatformSchema, ConnectionEnvTypeSchema, LinuxPackageTypeSchema } from "../enums.ts";
import { int64, num, str, wireObject } from "../wire.ts";
import { ErrorModelSchema } from "./common.ts";

// ---- connections ----

export const CreateDataSourceConnectionRequestSchema = z.strictObject({
  connectionName: z.string().min(1),
  /** §Q 24: immutable after create; limits which sources may use the connection. */
  connectionEnvType: ConnectionEnvTypeSchema.optional(),
});

export const PatchDataSourceConnectionRequestSchema = z.strictObject({ connectionName: z.string().min(1) });

/** DataSourceConnection; ids are strings because they exceed 2^53 (§Q 15). */
export const DataSourceConnectionSchema = wireObject({
  connectionEnvType: str().optional(),
  connectionId: str().optional(),
  // The SDK marks connectionName required even in responses (§M.6).
  connectionName: str(),
  connectorIds: z.array(str()).optional(),
  /** Secret: reaches the browser only when the user asked to generate it. */
  registrationToken: str().optional(),
  tenantId: str().optional(),
  upgradingConnectorId: str().optional(),
});
export type DataSourceConnection = z.infer<typeof DataSourceConnectionSchema>;

export const DataSourceConnectionListSchema = wireObject({
  connections: z.array(DataSourceConnectionSchema).optional(),
});

/** §Q 8: the registration-token call answers with a bare JSON string. */
export const RegistrationTokenSchema = z.string().min(1);

// ---- connectors ----

export const PatchDataSourceConnectorRequestSchema = z.strictObject({ connectorName: z.string().min(1).optional() });

export const DataSourceConnectorSchema = wireObject({
  clusterSideIp: str().optional(),
  connectionId: str().optional(),
  connectorId: str().optional(),
  connectorName: str().optional(),
  connectivityStatus: wireObject({
    isConnected: z.boolean(),
    /** Seconds epoch (§Q 16). */
    lastConnectedTimestampSecs: num().optional(),
    message: str().optional(),
  }).optional(),
  connectorType: str().optional(),
  patchSoftwareVersion: str().optional(),
  softwareVersion: str().optional(),
  tenantSideIp: str().optional(),
  upgradeStatus: wireObject({
    lastStatusFetchedTimestampMsecs: num().optional(),
    message: str().optional(),
    /** ms epoch; capital S is the wire spelling (§Q 17). */
    startTimestampMSecs: num().optional(),
    status: str(),
  }).optional(),
});
export type DataSourceConnector = z.infer<typeof DataSourceConnectorSchema>;

export const DataSourceConnectorListSchema = wireObject({
  connectors: z.array(DataSourceConnectorSchema).optional(),
});

export const ConnectorMetadataSchema = wireObject({
  connectorImageMetadata: wireObject({
    connectorImageFileList: z.array(wireObject({ imageType: str(), url: str() })).optional(),
  }).optional(),
  k8sConnectorInfoList: z
    .array(
      wireObject({
        helmChartOciRef: wireObject({
          registryHost: str(),
          namespace: str().optional(),
          repository: str(),
          tag: str(),
          digest: str(),
        }).optional(),
        helmInstallCmd: str().optional(),
        k8sPlatformType: str(),
        /** sic: misspelled on the wire (§Q 17). */
        ugradeDocUrl: str().optional(),
      }),
    )
    .optional(),
});
export type ConnectorMetadata = z.infer<typeof ConnectorMetadataSchema>;

// ---- agent ----

export const DownloadAgentRequestSchema = z.strictObject({
  platform: AgentPlatformSchema,
  linuxParams: z.strictObject({ packageType: LinuxPackageTypeSchema }).optional(),
});

export const CreateUpgradeTaskRequestSchema = z.strictObject({
  /** Capital `IDs` is the wire spelling (§Q 17). */
  agentIDs: z.array(int64()).optional(),
  description: z.string().optional(),
  name: z.string().optional(),
  retryTaskId: int64().optional(),
  scheduleEndTimeUsecs: int64().optional(),
  scheduleTimeUsecs: int64().optional(),
});

export const AgentInfoObjectSchema = wireObject({
  endTimeUsecs: num().optional(),
  error: ErrorModelSchema.optional(),
  name: str().optional(),
  previousSoftwareVersion: str().optional(),
  startTimeUsecs: num().optional(),
  status: str().optional(),
});

export const AgentUpgradeTaskStateSchema = wireObject({
  agentIDs: z.array(num()).optional(),
  agents: z.array(wireObject({ id: num().optional(), info: AgentInfoObjectSchema.optional() })).optional(),
  clusterVersion: str().optional(),
  description: str().optional(),
  endTimeUsecs: num().optional(),
  error: ErrorModelSchema.optional(),
  id: num().optional(),
  isRetryable: z.boolean().optional(),
  name: str().optional(),
  /** sic capital ID (§Q 17). */
  retriedTaskID: num().optional(),
  scheduleEndTimeUsecs: num().optional(),
  scheduleTimeUsecs: num().optional(),
  startTimeUsecs: num().optional(),
  status: str().optional(),
  type: str().optional(),
});
export type AgentUpgradeTaskState = z.infer<typeof AgentUpgradeTaskStateSchema>;

export const AgentUpgradeTaskStatesSchema = wireObject({ tasks: z.array(AgentUpgradeTaskStateSchema).optional() });
