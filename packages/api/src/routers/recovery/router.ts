// §6 Recovery: list, get, create (a recovery), createDownload (a download-files recovery), cancel
// (CancelRecoveryByID, §13),
// restorePoints (a read by POST, §Q 5), download/downloadFile (tickets), a live `watch`, and
// fileVersions: every indexed version of one file, a Lifeboat engine extension (not one of the 43
// operations; an upstream without it answers NOT_IMPLEMENTED saying so) and browse: one folder level
// of a snapshot from the engine's file index, another such extension.
import {
  CreateDownloadFilesAndFoldersRequestSchema, CreateRecoveryRequestSchema, GetRestorePointsRequestSchema, GetRestorePointsResponseSchema,
  operations, RecoverySchema, SNAPSHOT_FOLDER_DEFAULT_PAGE, SnapshotFolderCursorSchema, SnapshotFolderLimitSchema, SnapshotFolderPageSchema,
  SnapshotFolderPathSchema,
} from "@lifeboat/contracts";
import { FileVersionSchema, isUpstreamError } from "@lifeboat/upstream";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { Int64IdSchema, RecoveryIdSchema, SnapshotIdSchema } from "../../services/ids.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";
import { withRecoveryView } from "../../services/views.ts";
import { restOf } from "../../openapi/meta.ts";
import { pageOf, TimingViewSchema } from "../../services/outputs.ts";
import { download, downloadFile } from "./download.ts";
import { watch } from "./watch.ts";

const RecoveryFilterSchema = operations.getRecoveries.query.pick({
  startTimeUsecs: true,
  endTimeUsecs: true,
  status: true,
  recoveryActions: true,
  snapshotEnvironments: true,
});

const rest = restOf("recovery");
const RecoveryOutput = RecoverySchema.extend({ view: TimingViewSchema });

// A read by POST on the REST door: its filter is an object, which a query string cannot carry.
const list = areaProcedure("recovery.list")
  .meta(rest("POST", "/recoveries/search", "List recoveries (filters in the body)"))
  .input(z.object({ ...PageInput, filter: RecoveryFilterSchema.optional() }))
  .output(pageOf(RecoveryOutput))
  .query(async ({ ctx, input }) => {
    const { recoveries = [] } = await ctx.upstream.getRecoveries({ query: input.filter ?? {} }, ctx.call);
    // GetRecoveries does not page (§0.5): sliced here by id, newest first (ids grow with creation).
    const page = slicePage(recoveries, (r) => r.id ?? "", input, "desc");
    const now = Date.now();
    return { ...page, items: page.items.map((r) => withRecoveryView(r, now)) };
  });

const get = areaProcedure("recovery.get")
  .meta(rest("GET", "/recoveries/{id}", "Get a recovery"))
  .input(z.object({ id: RecoveryIdSchema }))
  .output(RecoveryOutput)
  .query(async ({ ctx, input }) => withRecoveryView(await ctx.upstream.getRecoveryByID({ pathParams: { id: input.id } }, ctx.call)));

const create = areaProcedure("recovery.create", { upstreamFields: { body: "recovery" } })
  .meta(rest("POST", "/recoveries", "Start a recovery (restore files or objects)"))
  .input(z.object({ recovery: CreateRecoveryRequestSchema, ...IdempotentInput }))
  .output(RecoveryOutput)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "recovery.create", input, async () => {
      const created = await ctx.upstream.createRecovery({ body: input.recovery }, ctx.call);
      auditTargets(ctx.audit, created.id);
      return withRecoveryView(created);
    }),
  );

const createDownload = areaProcedure("recovery.createDownload", { upstreamFields: { body: "request" } })
  .meta(rest("POST", "/recoveries/download-files", "Start a download-files recovery (an archive to download when it succeeds)"))
  .input(z.object({ request: CreateDownloadFilesAndFoldersRequestSchema, ...IdempotentInput }))
  .output(RecoveryOutput)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "recovery.createDownload", input, async () => {
      const created = await ctx.upstream.createDownloadFilesAndFoldersRecovery({ body: input.request }, ctx.call);
      auditTargets(ctx.audit, created.id);
      return withRecoveryView(created);
    }),
  );

// §13: the recovery goes through Canceling to Canceled; the engine answers a recovery that already
// ended with 409 and a sentence, which stays CONFLICT here. Answers the recovery as it is now.
const cancel = areaProcedure("recovery.cancel")
  .meta(rest("POST", "/recoveries/{id}/cancel", "Cancel a running recovery (it goes through Canceling to Canceled)"))
  .input(z.object({ id: RecoveryIdSchema, ...IdempotentInput }))
  .output(RecoveryOutput)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "recovery.cancel", input, async () => {
      auditTargets(ctx.audit, input.id);
      await ctx.upstream.cancelRecoveryByID({ pathParams: { id: input.id } }, ctx.call);
      return withRecoveryView(await ctx.upstream.getRecoveryByID({ pathParams: { id: input.id } }, ctx.call));
    }),
  );

const restorePoints = areaProcedure("recovery.restorePoints")
  .meta(rest("POST", "/restore-points", "Restore points of protection groups in a time range (a read)"))
  .input(GetRestorePointsRequestSchema)
  .output(GetRestorePointsResponseSchema)
  .query(({ ctx, input }) => ctx.upstream.getRestorePointsInTimeRange({ body: input }, ctx.call));

const fileVersions = areaProcedure("recovery.fileVersions")
  .meta(rest("GET", "/file-versions", "Every indexed version of one file on a host, newest first (Lifeboat engine extension)"))
  .input(
    z.object({
      // A plain number schema: the REST door coerces its GET query string digits to it.
      objectId: Int64IdSchema.describe("the host (source object) id"),
      path: z.string().min(1).max(4096).startsWith("/", "path must be an absolute path"),
    }),
  )
  .output(z.object({ items: z.array(FileVersionSchema) }))
  .query(async ({ ctx, input }) => {
    try {
      return { items: await ctx.upstream.lifeboat.fileVersions(input, ctx.call) };
    } catch (error) {
      if (isUpstreamError(error) && error.code === "NotSupported") {
        throw new TRPCError({ code: "NOT_IMPLEMENTED", message: "This upstream does not list file versions (a Lifeboat engine feature); search the index instead." });
      }
      throw error;
    }
  });

// Pages of up to 1000 entries rather than the usual 100: a folder is read to show it whole, and ten
// round trips for a 10,000-entry folder beat a hundred.
const browse = areaProcedure("recovery.browse")
  .meta(
    rest("GET", "/objects/{objectId}/snapshots/{snapshotId}/files", "One folder of a snapshot, by name, a page at a time (Lifeboat engine extension)",
      "Entries of the folder `path` as the snapshot holds them (name, type, sizeBytes of files, mtimeUsecs), from the engine's file index. " +
      "`snapshotId` is an id GetObjectSnapshots returns (`/objects/{objectId}/snapshots`). 404: unknown or expired snapshot, or a path the snapshot " +
      "does not hold; 400: a relative path or a file's path; 409: the snapshot is not indexed yet."),
  )
  .input(
    z.object({
      objectId: Int64IdSchema.describe("the host (source object) id"),
      snapshotId: SnapshotIdSchema,
      path: SnapshotFolderPathSchema.describe("absolute folder path on the host, e.g. /home/ann"),
      cursor: SnapshotFolderCursorSchema.optional(),
      limit: SnapshotFolderLimitSchema.default(SNAPSHOT_FOLDER_DEFAULT_PAGE),
    }),
  )
  .output(SnapshotFolderPageSchema)
  .query(async ({ ctx, input }) => {
    try {
      return await ctx.upstream.lifeboat.snapshotFolder(input, ctx.call);
    } catch (error) {
      if (isUpstreamError(error) && error.code === "NotSupported") {
        throw new TRPCError({ code: "NOT_IMPLEMENTED", message: "This upstream does not list a snapshot's folders (a Lifeboat engine feature); search the index instead." });
      }
      throw error;
    }
  });

export const recoveryRouter = router({ list, get, create, createDownload, cancel, restorePoints, download, downloadFile, watch, fileVersions, browse });
