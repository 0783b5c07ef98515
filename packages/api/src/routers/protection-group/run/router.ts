// §5 Protection group runs, nested under protectionGroup: list (time-window paging hidden behind
// the upstream client's opaque cursor, §Q 23), history (every group's runs from the synced copy,
// sorted and keyset-paged), get, progress (GetProtectionRunProgress, §12), runNow, update (retention/legal hold, 207
// §Q 4), pause/resume/cancel, and a live `watch` subscription.
import {
  CreateProtectionGroupRunRequestSchema, GetProtectionRunProgressResponseSchema, ProtectionGroupRunSchema, UpdateProtectionGroupRunParamsSchema, UpdateProtectionGroupRunResponseSchema, operations,
} from "@lifeboat/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router } from "../../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../../services/area-procedure.ts";
import { IdempotentInput } from "../../../services/idempotency.ts";
import { GroupIdSchema, RunIdSchema } from "../../../services/ids.ts";
import { PageInput } from "../../../services/list-page.ts";
import { withRunView } from "../../../services/views.ts";
import { restOf } from "../../../openapi/meta.ts";
import { pageOf, QueryBooleanSchema, RunViewSchema } from "../../../services/outputs.ts";
import { cancel, pause, resume } from "./actions.ts";
import { history } from "./history.ts";
import { watch } from "./watch.ts";

const RunFilterSchema = operations.getProtectionGroupRuns.query.pick({
  startTimeUsecs: true,
  endTimeUsecs: true,
  runTypes: true,
  localBackupRunStatus: true,
  excludeNonRestorableRuns: true,
});

export const runRest = restOf("run");
const RunOutput = ProtectionGroupRunSchema.extend({ view: RunViewSchema });

// A read by POST on the REST door: its filter is an object, which a query string cannot carry.
const list = areaProcedure("protectionGroup.run.list")
  .meta(runRest("POST", "/protection-groups/{groupId}/runs/search", "List a protection group's runs, newest first (filters in the body)"))
  .input(z.object({ groupId: GroupIdSchema, ...PageInput, filter: RunFilterSchema.optional() }))
  .output(pageOf(RunOutput))
  .query(async ({ ctx, input }) => {
    const page = await ctx.upstream.protectionGroupRunsPage(input.groupId, input.filter ?? {}, { cursor: input.cursor, limit: input.limit }, ctx.call);
    const now = Date.now();
    return { items: page.items.map((run) => withRunView(run, now)), nextCursor: page.nextCursor };
  });

const get = areaProcedure("protectionGroup.run.get")
  .meta(runRest("GET", "/protection-groups/{groupId}/runs/{runId}", "Get one run with duration, progress and ETA"))
  .input(z.object({ groupId: GroupIdSchema, runId: RunIdSchema, includeObjectDetails: QueryBooleanSchema.optional() }))
  .output(RunOutput)
  .query(async ({ ctx, input }) => {
    const { runs = [] } = await ctx.upstream.getProtectionGroupRuns(
      {
        pathParams: { id: input.groupId },
        // §Q 23: a start time, or only the last hour is searched.
        query: { runId: input.runId, startTimeUsecs: 1, ...(input.includeObjectDetails ? { includeObjectDetails: true } : {}) },
      },
      ctx.call,
    );
    const run = runs.find((r) => r.id === input.runId);
    if (!run) throw new TRPCError({ code: "NOT_FOUND", message: `Run ${input.runId} of protection group ${input.groupId} does not exist` });
    return withRunView(run);
  });

/**
 * GetProtectionRunProgress (§12): the run's local backup as progress — status (Active / Finished /
 * FinishedWithError / Canceled), percentage, remaining time and each object's figures. The group id
 * only keeps the route under its group: the upstream path has the run id alone.
 */
const progress = areaProcedure("protectionGroup.run.progress")
  .meta(runRest("GET", "/protection-groups/{groupId}/runs/{runId}/progress", "A run's progress: status, percentage, remaining time, per object"))
  .input(z.object({ groupId: GroupIdSchema, runId: RunIdSchema }))
  .output(GetProtectionRunProgressResponseSchema)
  .query(({ ctx, input }) =>
    ctx.upstream.getProtectionRunProgress({ pathParams: { runId: input.runId }, query: { includeFinishedTasks: true } }, ctx.call),
  );

/** §Q 3: the answer names only the group; the new run shows up in `list`/`watch` moments later. */
const runNow = areaProcedure("protectionGroup.run.runNow", { upstreamFields: { body: "run", "path.id": "groupId" } })
  .meta(runRest("POST", "/protection-groups/{groupId}/runs", "Start a run now (the run appears in the list moments later)"))
  .input(z.object({ groupId: GroupIdSchema, run: CreateProtectionGroupRunRequestSchema.optional(), ...IdempotentInput }))
  .output(z.object({ groupId: z.string(), accepted: z.literal(true), requestedAt: z.date() }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "protectionGroup.run.runNow", input, async () => {
      auditTargets(ctx.audit, input.groupId);
      const body = input.run ?? { runType: "kRegular" as const };
      await ctx.upstream.createProtectionGroupRun({ pathParams: { id: input.groupId }, body }, ctx.call);
      return { groupId: input.groupId, accepted: true as const, requestedAt: new Date() };
    }),
  );

/** §Q 4: HTTP 207 — the answer lists the runs that failed; all failing is an error. */
const update = areaProcedure("protectionGroup.run.update", { upstreamFields: { "body.updateProtectionGroupRunParams": "runs", "path.id": "groupId" } })
  .meta(runRest("PUT", "/protection-groups/{groupId}/runs", "Change retention or legal hold of runs, or delete their snapshots"))
  .input(z.object({ groupId: GroupIdSchema, runs: z.array(UpdateProtectionGroupRunParamsSchema).min(1).max(100), ...IdempotentInput }))
  .output(z.object({ successfulRunIds: z.array(z.string()), failedRuns: UpdateProtectionGroupRunResponseSchema.shape.failedRuns.unwrap() }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "protectionGroup.run.update", input, async () => {
      auditTargets(ctx.audit, input.groupId, ...input.runs.map((r) => r.runId));
      const answer = await ctx.upstream.updateProtectionGroupRun(
        { pathParams: { id: input.groupId }, body: { updateProtectionGroupRunParams: input.runs } },
        ctx.call,
      );
      const failedRuns = answer.failedRuns ?? [];
      if (failedRuns.length > 0 && (answer.successfulRunIds ?? []).length === 0) {
        const first = failedRuns[0]?.errorMessage ?? "no reason given";
        throw new TRPCError({ code: "PRECONDITION_FAILED", message: `Upstream updated none of the runs: ${first.slice(0, 200)}` });
      }
      return { successfulRunIds: answer.successfulRunIds ?? [], failedRuns };
    }),
  );

export const runRouter = router({ list, history, get, progress, runNow, update, pause, resume, cancel, watch });
