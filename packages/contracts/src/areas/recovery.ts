// §6 Recovery: recoveries, file downloads (binary, chunked ≤ 8 MiB) and restore points.
import { z } from "zod";
import {
  ArchivalTargetTypeSchema, EnvironmentSchema, RecoveryActionSchema, RecoveryStatusSchema,
  SnapshotTargetTypeSchema,
} from "../enums.ts";
import {
  CreateDownloadFilesAndFoldersRequestSchema, CreateRecoveryRequestSchema, GetRestorePointsRequestSchema,
  GetRestorePointsResponseSchema, RecoveriesResponseSchema, RecoverySchema,
} from "../models/recovery.ts";
import { defineOperation } from "../operation.ts";
import { int64, opaqueId, recoveryId, nullTolerant } from "../wire.ts";
import { list, RecoveryIdPathSchema, RequestInitiatorHeadersSchema } from "./shared.ts";

/** §Q 6: downloads are chunked by startOffset + length, length at most 8 MiB. */
export const MAX_DOWNLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
const chunkLength = int64().min(1).max(MAX_DOWNLOAD_CHUNK_BYTES);

export const recoveryOperations = {
  getRecoveries: defineOperation({
    name: "getRecoveries",
    sdkName: "GetRecoveries",
    area: "recovery",
    method: "GET",
    path: "/data-protect/recoveries",
    successStatus: 200,
    query: z.strictObject({
      ids: list(recoveryId()),
      returnOnlyChildRecoveries: z.boolean().optional(),
      startTimeUsecs: int64().optional(),
      endTimeUsecs: int64().optional(),
      snapshotTargetType: list(SnapshotTargetTypeSchema),
      archivalTargetType: list(ArchivalTargetTypeSchema),
      snapshotEnvironments: list(EnvironmentSchema),
      status: list(RecoveryStatusSchema),
      recoveryActions: list(RecoveryActionSchema),
    }),
    response: nullTolerant(RecoveriesResponseSchema),
    responseKind: "json",
    idempotent: true,
  }),
  getRecoveryByID: defineOperation({
    name: "getRecoveryByID",
    sdkName: "GetRecoveryByID",
    area: "recovery",
    method: "GET",
    path: "/data-protect/recoveries/{id}",
    successStatus: 200,
    pathParams: RecoveryIdPathSchema,
    response: nullTolerant(RecoverySchema),
    responseKind: "json",
    idempotent: true,
  }),
  createRecovery: defineOperation({
    name: "createRecovery",
    sdkName: "CreateRecovery",
    area: "recovery",
    method: "POST",
    path: "/data-protect/recoveries",
    successStatus: 201,
    headers: RequestInitiatorHeadersSchema,
    body: CreateRecoveryRequestSchema,
    response: nullTolerant(RecoverySchema),
    responseKind: "json",
    idempotent: false,
  }),
  createDownloadFilesAndFoldersRecovery: defineOperation({
    name: "createDownloadFilesAndFoldersRecovery",
    sdkName: "CreateDownloadFilesAndFoldersRecovery",
    area: "recovery",
    method: "POST",
    path: "/data-protect/recoveries/download-files-folders",
    successStatus: 201,
    body: CreateDownloadFilesAndFoldersRequestSchema,
    response: nullTolerant(RecoverySchema),
    responseKind: "json",
    idempotent: false,
  }),
  getRestorePointsInTimeRange: defineOperation({
    name: "getRestorePointsInTimeRange",
    sdkName: "GetRestorePointsInTimeRange",
    area: "recovery",
    method: "POST",
    path: "/data-protect/snapshots/restore-points",
    // §Q 5: a read by POST that answers 201.
    successStatus: 201,
    body: GetRestorePointsRequestSchema,
    response: nullTolerant(GetRestorePointsResponseSchema),
    responseKind: "json",
    idempotent: true,
  }),
  downloadFilesFromRecovery: defineOperation({
    name: "downloadFilesFromRecovery",
    sdkName: "DownloadFilesFromRecovery",
    area: "recovery",
    method: "GET",
    path: "/data-protect/recoveries/{id}/download-files",
    successStatus: 200,
    pathParams: RecoveryIdPathSchema,
    query: z.strictObject({
      startOffset: int64().min(0).optional(),
      length: chunkLength.optional(),
      fileType: z.string().optional(),
      sourceName: z.string().optional(),
      startTime: z.string().optional(),
      includeTenants: z.boolean().optional(),
    }),
    responseKind: "binary",
    idempotent: true,
  }),
  downloadIndexedFile: defineOperation({
    name: "downloadIndexedFile",
    sdkName: "DownloadIndexedFile",
    area: "recovery",
    method: "GET",
    // §Q 7: the path variable is the plural `snapshotsId`.
    path: "/data-protect/snapshots/{snapshotsId}/download-file",
    successStatus: 200,
    pathParams: z.strictObject({ snapshotsId: opaqueId("snapshot id") }),
    query: z.strictObject({
      filePath: z.string().optional(),
      nvramFile: z.boolean().optional(),
      retryAttempt: int64().optional(),
      startOffset: int64().min(0).optional(),
      length: chunkLength.optional(),
    }),
    responseKind: "binary",
    idempotent: true,
  }),
} as const;
