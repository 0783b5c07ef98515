// The base of every area procedure: the caller's role in the selected workspace (from the one
// AREA_ACCESS table), the workspace's upstream client (the workspace decides connection and
// tenant, never the input), a deadline per upstream call and the audit details (target ids,
// upstream request id) of the call.
import type { CallOptions } from "@lifeboat/upstream";
import type { Db } from "../db.ts";
import { workspaceProcedure } from "../trpc.ts";
import { AREA_ACCESS, type AreaProcedurePath } from "./area-access.ts";
import { withIdempotency } from "./idempotency.ts";
import { withUpstreamRequestIds } from "./upstream-request-id.ts";
import { placeUpstreamFields, type UpstreamFieldMap } from "../upstream/field-paths.ts";

export interface AreaProcedureOptions {
  /**
   * Where the parts of the upstream request come from in this procedure's input, so the upstream's
   * field errors land on the form's fields: `{ body: "policy" }` when it sends `body: input.policy`.
   * Without it `body.x`, `path.x` and `query.x` are taken to be the input's `x`.
   */
  upstreamFields?: UpstreamFieldMap;
}

/**
 * A read that the upstream has not answered in 15 s is reported as TIMEOUT instead of hanging the
 * page; writes get longer because a create may legitimately take a while upstream.
 */
export const READ_TIMEOUT_MS = 15_000;
export const WRITE_TIMEOUT_MS = 30_000;

export function areaProcedure(path: AreaProcedurePath, options: AreaProcedureOptions = {}) {
  return workspaceProcedure(AREA_ACCESS[path]).use(async ({ ctx, type, signal, next }) => {
    const upstream = await ctx.upstreamFor(ctx.workspace);
    const call: CallOptions = { timeoutMs: type === "mutation" ? WRITE_TIMEOUT_MS : READ_TIMEOUT_MS, signal };
    // The last id wins: for a mutation that is the write itself (reads it made come before it).
    const result = await withUpstreamRequestIds(
      (requestId) => {
        ctx.audit.upstreamRequestId = requestId;
      },
      () => next({ ctx: { upstream, call, audit: ctx.audit } }),
    );
    if (!result.ok && options.upstreamFields) placeUpstreamFields(result.error, options.upstreamFields);
    return result;
  });
}

/** Records the records a mutation acted on in its audit row (ids only, never input values). */
export function auditTargets(audit: { targetIds: Set<string> }, ...ids: (string | number | null | undefined)[]): void {
  for (const id of ids) if (id !== undefined && id !== null && String(id).length > 0) audit.targetIds.add(String(id).slice(0, 100));
}

/** `withIdempotency` scoped to the caller, their workspace and the procedure. */
export function idempotent<T>(
  ctx: { db: Db; user: { id: string }; workspace: { id: string } },
  procedure: AreaProcedurePath,
  input: { idempotencyKey?: string | undefined },
  action: () => Promise<T>,
): Promise<T> {
  return withIdempotency({ db: ctx.db, userId: ctx.user.id, workspaceId: ctx.workspace.id, procedure }, input.idempotencyKey, input, action);
}
