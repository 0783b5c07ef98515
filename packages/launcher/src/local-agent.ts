// The agent on this machine: a data-source connection "local" on the engine (created once), and a
// fresh registration token for it on every start. The token only matters on the agent's first
// start; later it reuses the connectorId and agentToken in its state folder (apps/agent).
import { operations } from "@lifeboat/contracts";
import { createOperationClient } from "@lifeboat/upstream";

export const LOCAL_CONNECTION_NAME = "local";

export interface EngineAccess {
  /** Engine base URL, e.g. http://127.0.0.1:4000 */
  engineUrl: string;
  apiKey: string;
  tenantId: string;
}

export async function localRegistrationToken(access: EngineAccess): Promise<{ connectionId: string; token: string; created: boolean }> {
  const client = createOperationClient(
    {
      getDataSourceConnections: operations.getDataSourceConnections,
      createDataSourceConnection: operations.createDataSourceConnection,
      generateDataSourceConnectionRegistrationToken: operations.generateDataSourceConnectionRegistrationToken,
    },
    {
      serviceUrl: `${access.engineUrl}/v2`,
      tenantId: access.tenantId,
      auth: { type: "iam", apiKey: access.apiKey, tokenUrl: `${access.engineUrl}/identity/token` },
      timeoutMs: 15_000,
    },
  );
  const list = await client.getDataSourceConnections({ query: { connectionNames: [LOCAL_CONNECTION_NAME] } });
  let connectionId = list.connections?.find((c) => c.connectionName === LOCAL_CONNECTION_NAME)?.connectionId;
  let created = false;
  if (!connectionId) {
    const connection = await client.createDataSourceConnection({ body: { connectionName: LOCAL_CONNECTION_NAME } });
    connectionId = connection.connectionId;
    created = true;
  }
  if (!connectionId) throw new Error(`the engine returned the "${LOCAL_CONNECTION_NAME}" connection without a connectionId`);
  const token = await client.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId } });
  return { connectionId, token: String(token), created };
}
