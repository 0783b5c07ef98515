// §5 Protection group runs: list, run now, update retention/copies (207), and run actions.
import { z } from "zod";
import { RunStatusSchema, RunTypeFilterSchema, SnapshotTargetTypeSchema } from "../enums.ts";
import {
  CreateProtectionGroupRunRequestSchema, CreateProtectionGroupRunResponseSchema,
  PerformRunActionRequestSchema, PerformRunActionResponseSchema, ProtectionGroupRunsResponseSchema,
  UpdateProtectionGroupRunRequestSchema, UpdateProtectionGroupRunResponseSchema,
} from "../models/run.ts";
import { defineOperation } from "../operation.ts";
import { int64, runId, nullTolerant } from "../wire.ts";
import { GroupIdPathSchema, list, RequestInitiatorHeadersSchema } from "./shared.ts";

export const runOperations = {
  getProtectionGroupRuns: defineOperation({
    name: "getProtectionGroupRuns",
    sdkName: "GetProtectionGroupRuns",
    area: "run",
    method: "GET",
    path: "/data-protect/protection-groups/{id}/runs",
    successStatus: 200,
    pathParams: GroupIdPathSchema,
    headers: RequestInitiatorHeadersSchema,
    // §Q 23: without startTimeUsecs the window is only the last hour, and numRuns caps at 100.
    query: z.strictObject({
      runId: runId().optional(),
      startTimeUsecs: int64().optional(),
      endTimeUsecs: int64().optional(),
      runTypes: list(RunTypeFilterSchema),
      includeObjectDetails: z.boolean().optional(),
      localBackupRunStatus: list(RunStatusSchema),
      replicationRunStatus: list(RunStatusSchema),
      archivalRunStatus: list(RunStatusSchema),
      cloudSpinRunStatus: list(RunStatusSchema),
      numRuns: int64().min(1).optional(),
      excludeNonRestorableRuns: z.boolean().optional(),
      runTags: list(z.string()),
      useCachedData: z.boolean().optional(),
      filterByEndTime: z.boolean().optional(),
      snapshotTargetTypes: list(SnapshotTargetTypeSchema),
      onlyReturnSuccessfulCopyRun: z.boolean().optional(),
      filterByCopyTaskEndTime: z.boolean().optional(),
    }),
    response: nullTolerant(ProtectionGroupRunsResponseSchema),
    responseKind: "json",
    idempotent: true,
  }),
  createProtectionGroupRun: defineOperation({
    name: "createProtectionGroupRun",
    sdkName: "CreateProtectionGroupRun",
    area: "run",
    method: "POST",
    path: "/data-protect/protection-groups/{id}/runs",
    successStatus: 202,
    pathParams: GroupIdPathSchema,
    body: CreateProtectionGroupRunRequestSchema,
    response: nullTolerant(CreateProtectionGroupRunResponseSchema),
    responseKind: "json",
    idempotent: false,
  }),
  updateProtectionGroupRun: defineOperation({
    name: "updateProtectionGroupRun",
    sdkName: "UpdateProtectionGroupRun",
    area: "run",
    method: "PUT",
    path: "/data-protect/protection-groups/{id}/runs",
    successStatus: 207,
    pathParams: GroupIdPathSchema,
    body: UpdateProtectionGroupRunRequestSchema,
    response: nullTolerant(UpdateProtectionGroupRunResponseSchema),
    responseKind: "json",
    // The one PUT that is not a replacement: `daysToKeep` is relative (+N extends, −N shortens),
    // so a blind retry after a lost answer would apply the change twice.
    idempotent: false,
  }),
  performActionOnProtectionGroupRun: defineOperation({
    name: "performActionOnProtectionGroupRun",
    sdkName: "PerformActionOnProtectionGroupRun",
    area: "run",
    method: "POST",
    path: "/data-protect/protection-groups/{id}/runs/actions",
    successStatus: 202,
    pathParams: GroupIdPathSchema,
    body: PerformRunActionRequestSchema,
    response: nullTolerant(PerformRunActionResponseSchema),
    responseKind: "json",
    idempotent: false,
  }),
} as const;
