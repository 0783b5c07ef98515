// §6 Recovery: list, get, create (a recovery), createDownload (a download-files recovery),
// restorePoints (a read by POST, §Q 5), download/downloadFile (tickets) and a live `watch`.
import {
  CreateDownloadFilesAndFoldersRequestSchema, CreateRecoveryRequestSchema, GetRestorePointsRequestSchema, GetRestorePointsResponseSchema,
  operations, RecoverySchema,
} from "@lifeboat/contracts";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { RecoveryIdSchema } from "../../services/ids.ts";
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
    // GetRecoveries does not page (§0.5): sliced here by id, newest last (ids grow).
    const page = slicePage(recoveries, (r) => r.id ?? "", input);
    const now = Date.now();
    return { ...page, items: page.items.map((r) => withRecoveryView(r, now)) };
  });

const get = areaProcedure("recovery.get")
  .meta(rest("GET", "/recoveries/{id}", "Get a recovery"))
  .input(z.object({ id: RecoveryIdSchema }))
  .output(RecoveryOutput)
  .query(async ({ ctx, input }) => withRecoveryView(await ctx.upstream.getRecoveryByID({ pathParams: { id: input.id } }, ctx.call)));

const create = areaProcedure("recovery.create")
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

const createDownload = areaProcedure("recovery.createDownload")
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

const restorePoints = areaProcedure("recovery.restorePoints")
  .meta(rest("POST", "/restore-points", "Restore points of protection groups in a time range (a read)"))
  .input(GetRestorePointsRequestSchema)
  .output(GetRestorePointsResponseSchema)
  .query(({ ctx, input }) => ctx.upstream.getRestorePointsInTimeRange({ body: input }, ctx.call));

export const recoveryRouter = router({ list, get, create, createDownload, restorePoints, download, downloadFile, watch });
