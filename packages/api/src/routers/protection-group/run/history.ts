// `protectionGroup.run.history`: runs of every protection group of the workspace's connection, from
// the ops sync's copy (services/run-history.ts), so the monitor can sort and page tens of thousands
// of runs without asking each group upstream. It lags the upstream by up to one sync tick (about a
// minute): `syncedAt` says how much, and the portal overlays the live `watch` of running runs.
import { operations, usecsToDate } from "@lifeboat/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { areaProcedure } from "../../../services/area-procedure.ts";
import { GroupIdSchema } from "../../../services/ids.ts";
import { CursorSchema } from "../../../services/list-page.ts";
import { listRunHistory, RUN_HISTORY_SORTS, runHistorySyncedAt } from "../../../services/run-history.ts";
import { restOf } from "../../../openapi/meta.ts";

// The same filter words as `protectionGroup.run.list` (the upstream's, §5), so one filter object
// serves both, plus a group and the SLA flag.
export const RunHistoryFilterSchema = operations.getProtectionGroupRuns.query
  .pick({ startTimeUsecs: true, endTimeUsecs: true, runTypes: true, localBackupRunStatus: true })
  .extend({ groupId: GroupIdSchema.optional(), isSlaViolated: z.boolean().optional() });

export const RunHistoryInput = z.object({
  filter: RunHistoryFilterSchema.optional(),
  sort: z.enum(RUN_HISTORY_SORTS).default("startedAt"),
  /** Not `direction`: tRPC infinite queries put their own `direction` ("forward") in the input. */
  order: z.enum(["asc", "desc"]).default("desc"),
  cursor: CursorSchema,
  limit: z.number().int().min(1).max(200).default(50),
});

const RunHistoryItemSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  runId: z.string(),
  environment: z.string().nullable(),
  status: z.string(),
  runType: z.string().nullable(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  durationMs: z.number().nullable(),
  bytesRead: z.number(),
  bytesWritten: z.number(),
  logicalBytes: z.number(),
  slaViolated: z.boolean(),
  syncedAt: z.date(),
});

/**
 * The stored run type is localBackupInfo.runType (§E.4: kRegular, kFull, …); the list filter speaks
 * §5's RunTypeFilter, where an incremental run is kIncremental and kAll means no filter.
 */
function storedRunTypes(types: readonly string[] | undefined): string[] | undefined {
  if (!types?.length || types.includes("kAll")) return undefined;
  return [...new Set(types.map((t) => (t === "kIncremental" ? "kRegular" : t)))];
}

export const history = areaProcedure("protectionGroup.run.history")
  .meta(
    restOf("run")(
      "POST",
      "/runs/search",
      "List runs of every protection group from the portal's synced history: filters, sort and keyset cursor in the body",
      "Reads the ops sync's copy (refreshed about once a minute), not the upstream; `syncedAt` is the oldest last successful run sync. A cursor is tied to the sort and filters it came from.",
    ),
  )
  .input(RunHistoryInput)
  .output(z.object({ items: z.array(RunHistoryItemSchema), nextCursor: z.string().nullable(), syncedAt: z.date().nullable() }))
  .query(async ({ ctx, input }) => {
    // areaProcedure already refused a workspace without a connection; this narrows the type.
    const connectionId = ctx.workspace.connectionId;
    if (!connectionId) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "This workspace has no upstream connection yet; an admin must bind one" });
    const f = input.filter ?? {};
    if (f.startTimeUsecs !== undefined && f.endTimeUsecs !== undefined && f.startTimeUsecs > f.endTimeUsecs) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "filter.startTimeUsecs must not be after filter.endTimeUsecs" });
    }
    const [page, syncedAt] = await Promise.all([
      listRunHistory(ctx.db, {
        connectionId,
        filter: {
          groupId: f.groupId,
          statuses: f.localBackupRunStatus,
          runTypes: storedRunTypes(f.runTypes),
          startedAfter: f.startTimeUsecs !== undefined ? usecsToDate(f.startTimeUsecs) : undefined,
          startedBefore: f.endTimeUsecs !== undefined ? usecsToDate(f.endTimeUsecs) : undefined,
          slaViolated: f.isSlaViolated,
        },
        sort: input.sort,
        direction: input.order,
        cursor: input.cursor,
        limit: input.limit,
      }),
      runHistorySyncedAt(ctx.db, connectionId),
    ]);
    return { ...page, syncedAt };
  });
