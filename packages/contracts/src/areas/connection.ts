// §7 Data-source connections. There is no single GET: filter the list by connectionIds (§Q 9).
import { z } from "zod";
import {
  CreateDataSourceConnectionRequestSchema, DataSourceConnectionListSchema, DataSourceConnectionSchema,
  PatchDataSourceConnectionRequestSchema, RegistrationTokenSchema,
} from "../models/connection.ts";
import { defineOperation } from "../operation.ts";
import { connectionId, nullTolerant } from "../wire.ts";
import { list } from "./shared.ts";

const ConnectionIdPathSchema = z.strictObject({ connectionId: connectionId() });

export const connectionOperations = {
  getDataSourceConnections: defineOperation({
    name: "getDataSourceConnections",
    sdkName: "GetDataSourceConnections",
    area: "connection",
    method: "GET",
    path: "/data-source-connections",
    successStatus: 200,
    query: z.strictObject({ connectionIds: list(connectionId()), connectionNames: list(z.string()) }),
    response: nullTolerant(DataSourceConnectionListSchema),
    responseKind: "json",
    idempotent: true,
  }),
  createDataSourceConnection: defineOperation({
    name: "createDataSourceConnection",
    sdkName: "CreateDataSourceConnection",
    area: "connection",
    method: "POST",
    path: "/data-source-connections",
    successStatus: 201,
    body: CreateDataSourceConnectionRequestSchema,
    response: nullTolerant(DataSourceConnectionSchema),
    responseKind: "json",
    idempotent: false,
  }),
  generateDataSourceConnectionRegistrationToken: defineOperation({
    name: "generateDataSourceConnectionRegistrationToken",
    sdkName: "GenerateDataSourceConnectionRegistrationToken",
    area: "connection",
    method: "POST",
    path: "/data-source-connections/{connectionId}/registrationToken",
    successStatus: 200,
    pathParams: ConnectionIdPathSchema,
    // §Q 8: the answer is a bare JSON string.
    response: nullTolerant(RegistrationTokenSchema),
    responseKind: "json",
    idempotent: false,
  }),
  patchDataSourceConnection: defineOperation({
    name: "patchDataSourceConnection",
    sdkName: "PatchDataSourceConnection",
    area: "connection",
    method: "PATCH",
    path: "/data-source-connections/{connectionId}",
    successStatus: 200,
    pathParams: ConnectionIdPathSchema,
    body: PatchDataSourceConnectionRequestSchema,
    response: nullTolerant(DataSourceConnectionSchema),
    responseKind: "json",
    idempotent: false,
  }),
  deleteDataSourceConnection: defineOperation({
    name: "deleteDataSourceConnection",
    sdkName: "DeleteDataSourceConnection",
    area: "connection",
    method: "DELETE",
    path: "/data-source-connections/{connectionId}",
    successStatus: 204,
    pathParams: ConnectionIdPathSchema,
    responseKind: "empty",
    idempotent: true,
  }),
} as const;
