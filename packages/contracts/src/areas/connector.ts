// §10 Data-source connectors: list, image metadata, rename and delete.
import { z } from "zod";
import {
  ConnectorMetadataSchema, DataSourceConnectorListSchema, DataSourceConnectorSchema,
  PatchDataSourceConnectorRequestSchema,
} from "../models/connection.ts";
import { defineOperation } from "../operation.ts";
import { connectionId, connectorId, nullTolerant } from "../wire.ts";
import { list } from "./shared.ts";

const ConnectorIdPathSchema = z.strictObject({ connectorId: connectorId() });

export const connectorOperations = {
  getDataSourceConnectors: defineOperation({
    name: "getDataSourceConnectors",
    sdkName: "GetDataSourceConnectors",
    area: "connector",
    method: "GET",
    path: "/data-source-connectors",
    successStatus: 200,
    query: z.strictObject({
      connectorIds: list(connectorId()),
      connectorNames: list(z.string()),
      connectionId: connectionId().optional(),
    }),
    response: nullTolerant(DataSourceConnectorListSchema),
    responseKind: "json",
    idempotent: true,
  }),
  getConnectorMetadata: defineOperation({
    name: "getConnectorMetadata",
    sdkName: "GetConnectorMetadata",
    area: "connector",
    method: "GET",
    path: "/data-source-connectors/metadata",
    successStatus: 200,
    response: nullTolerant(ConnectorMetadataSchema),
    responseKind: "json",
    idempotent: true,
  }),
  patchDataSourceConnector: defineOperation({
    name: "patchDataSourceConnector",
    sdkName: "PatchDataSourceConnector",
    area: "connector",
    method: "PATCH",
    path: "/data-source-connectors/{connectorId}",
    successStatus: 200,
    pathParams: ConnectorIdPathSchema,
    body: PatchDataSourceConnectorRequestSchema,
    response: nullTolerant(DataSourceConnectorSchema),
    responseKind: "json",
    idempotent: false,
  }),
  deleteDataSourceConnector: defineOperation({
    name: "deleteDataSourceConnector",
    sdkName: "DeleteDataSourceConnector",
    area: "connector",
    method: "DELETE",
    path: "/data-source-connectors/{connectorId}",
    successStatus: 204,
    pathParams: ConnectorIdPathSchema,
    responseKind: "empty",
    idempotent: true,
  }),
} as const;
