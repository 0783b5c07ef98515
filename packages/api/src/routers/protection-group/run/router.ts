// §5 Protection group runs, nested under protectionGroup: list (time-window paging hidden behind
// the upstream client's opaque cursor, §Q 23), get, runNow, update (retention/legal hold, 207
// §Q 4), pause/resume/cancel, and a live `watch` subscription.
import { CreateProtectionGroupRunRequestSchema, UpdateProtectionGroupRunParamsSchema, operations } from "@lifeboat/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router } from "../../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../../services/area-procedure.ts";
import { IdempotentInput } from "../../../services/idempotency.ts";
import { GroupIdSchema, RunIdSchema } from "../../../services/ids.ts";
import { PageInput } from "../../../services/list-page.ts";
import { withRunView } from "../../../services/views.ts";
import { cancel, pause, resume } from "./actions.ts";
import { watch } from "./watch.ts";

const RunFilterSchema = operations.getProtectionGroupRuns.query.pick({
  startTimeUsecs: true,
  endTimeUsecs: true,
  runTypes: true,
  localBackupRunStatus: true,
  excludeNonRestorableRuns: true,
});

const list = areaProcedure("protectionGroup.run.list")
  .input(z.object({ groupId: GroupIdSchema, ...PageInput, filter: RunFilterSchema.optional() }))
  .query(async ({ ctx, input }) => {
    const page = await ctx.upstream.protectionGroupRunsPage(input.groupId, input.filter ?? {}, { cursor: input.cursor, limit: input.limit }, ctx.call);
    const now = Date.now();
    return { items: page.items.map((run) => withRunView(run, now)), nextCursor: page.nextCursor };
  });

const get = areaProcedure("protectionGroup.run.get")
  .input(z.object({ groupId: GroupIdSchema, runId: RunIdSchema, includeObjectDetails: z.boolean().optional() }))
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

/** §Q 3: the answer names only the group; the new run shows up in `list`/`watch` moments later. */
const runNow = areaProcedure("protectionGroup.run.runNow")
  .input(z.object({ groupId: GroupIdSchema, run: CreateProtectionGroupRunRequestSchema.optional(), ...IdempotentInput }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "protectionGroup.run.runNow", input, async () => {
      auditTargets(ctx.audit, input.groupId);
      const body = input.run ?? { runType: "kRegular" as const };
      await ctx.upstream.createProtectionGroupRun({ pathParams: { id: input.groupId }, body }, ctx.call);
      return { groupId: input.groupId, accepted: true as const, requestedAt: new Date() };
    }),
  );

/** §Q 4: HTTP 207 — the answer lists the runs that failed; all failing is an error. */
const update = areaProcedure("protectionGroup.run.update")
  .input(z.object({ groupId: GroupIdSchema, runs: z.array(UpdateProtectionGroupRunParamsSchema).min(1).max(100), ...IdempotentInput }))
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

export const runRouter = router({ list, get, runNow, update, pause, resume, cancel, watch });
