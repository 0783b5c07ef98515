// Run actions (§5 PerformActionOnProtectionGroupRun): pause, resume and cancel one run. The service
// answers 200 even when the action failed for the run; the per-run `error` in the answer is the
// real outcome, so it is turned into an error here rather than reported as success: CONFLICT, as
// the Lifeboat engine answers a wrong-state action (pause a paused run) with 409.
import { CancelProtectionGroupRunRequestSchema } from "@lifeboat/contracts";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { areaProcedure, auditTargets, idempotent } from "../../../services/area-procedure.ts";
import type { AreaProcedurePath } from "../../../services/area-access.ts";
import { IdempotentInput } from "../../../services/idempotency.ts";
import { GroupIdSchema } from "../../../services/ids.ts";
import { restOf } from "../../../openapi/meta.ts";

const rest = restOf("run");
const ActionOutput = <A extends string>(action: A) => z.object({ groupId: z.string(), runId: z.string(), action: z.literal(action) });

const RunRefSchema = z.object({ groupId: GroupIdSchema, runId: CancelProtectionGroupRunRequestSchema.shape.runId.max(64), ...IdempotentInput });

type Outcome = { runId?: string | undefined; error?: string | { message?: string | undefined; errorCode?: string | undefined } | undefined };

function failureOf(outcomes: Outcome[] | undefined, runId: string): string | null {
  const mine = outcomes?.find((o) => o.runId === runId);
  if (!mine?.error) return null;
  return typeof mine.error === "string" ? mine.error : (mine.error.message ?? mine.error.errorCode ?? "failed");
}

function pauseOrResume(path: AreaProcedurePath & ("protectionGroup.run.pause" | "protectionGroup.run.resume"), action: "Pause" | "Resume") {
  return areaProcedure(path)
    .meta(rest("POST", `/protection-groups/{groupId}/runs/{runId}/${action.toLowerCase()}`, `${action} a run`))
    .input(RunRefSchema)
    .output(ActionOutput(action))
    .mutation(({ ctx, input }) =>
      idempotent(ctx, path, input, async () => {
        auditTargets(ctx.audit, input.groupId, input.runId);
        const params = [{ runId: input.runId }];
        const body = action === "Pause" ? { action, pauseParams: params } : { action, resumeParams: params };
        const answer = await ctx.upstream.performActionOnProtectionGroupRun({ pathParams: { id: input.groupId }, body }, ctx.call);
        const failure = failureOf(action === "Pause" ? answer.pauseParams : answer.resumeParams, input.runId);
        if (failure) throw new TRPCError({ code: "CONFLICT", message: `Upstream could not ${action.toLowerCase()} the run: ${failure.slice(0, 200)}` });
        return { groupId: input.groupId, runId: input.runId, action };
      }),
    );
}

export const pause = pauseOrResume("protectionGroup.run.pause", "Pause");
export const resume = pauseOrResume("protectionGroup.run.resume", "Resume");

export const cancel = areaProcedure("protectionGroup.run.cancel")
  .meta(rest("POST", "/protection-groups/{groupId}/runs/{runId}/cancel", "Cancel a run (or some of its objects)"))
  .input(RunRefSchema.extend({ objectIds: CancelProtectionGroupRunRequestSchema.shape.objectIds.unwrap().max(1000).optional() }))
  .output(ActionOutput("Cancel"))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "protectionGroup.run.cancel", input, async () => {
      auditTargets(ctx.audit, input.groupId, input.runId);
      const cancelParams = [{ runId: input.runId, ...(input.objectIds ? { objectIds: input.objectIds } : {}) }];
      await ctx.upstream.performActionOnProtectionGroupRun({ pathParams: { id: input.groupId }, body: { action: "Cancel", cancelParams } }, ctx.call);
      return { groupId: input.groupId, runId: input.runId, action: "Cancel" as const };
    }),
  );
