// A host's own restic repository on a Lifeboat engine (engine extension, not one of the upstream
// operations): its last `restic check` and reconcile results for the source page, a check on
// request, and the explicit replacement of a host's agent — the only way a registered host moves to
// another agent (a registration token never does it). Mutations are audited like every area write.
import { HostRepositoryViewSchema, isUpstreamError } from "@lifeboat/upstream";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { restOf } from "../../openapi/meta.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { Int64IdSchema } from "../../services/ids.ts";

const rest = restOf("source");

async function lifeboatOnly<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isUpstreamError(error) && error.code === "NotSupported") throw new TRPCError({ code: "NOT_IMPLEMENTED", message: `This service does not ${what}.` });
    throw error;
  }
}

export const repository = areaProcedure("source.repository")
  .meta(rest("GET", "/sources/{sourceId}/repository", "The host's repository: last check and reconcile results (Lifeboat engine extension)"))
  .input(z.object({ sourceId: Int64IdSchema.describe("the host (source object) id") }))
  .output(HostRepositoryViewSchema.nullable())
  .query(({ ctx, input }) => lifeboatOnly("keep a repository per host", () => ctx.upstream.lifeboat.hostRepository(input.sourceId, ctx.call)));

export const checkRepository = areaProcedure("source.checkRepository")
  .meta(rest("POST", "/sources/{sourceId}/repository/check", "Check the host's repository now (Lifeboat engine extension)"))
  .input(z.object({ sourceId: Int64IdSchema, repositoryId: z.string().regex(/^[0-9a-f]{32}$/, "repositoryId must be a repository id"), ...IdempotentInput }))
  .output(z.object({ repositoryId: z.string(), checkRequested: z.literal(true) }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "source.checkRepository", input, async () => {
      auditTargets(ctx.audit, input.sourceId, input.repositoryId);
      await lifeboatOnly("check repositories", () => ctx.upstream.lifeboat.checkHostRepository(input.repositoryId, ctx.call));
      return { repositoryId: input.repositoryId, checkRequested: true as const };
    }),
  );

export const replaceAgent = areaProcedure("source.replaceAgent")
  .meta(rest("POST", "/sources/{sourceId}/replace-agent", "Bind a registered host to another agent (reinstall, new machine)"))
  .input(z.object({ sourceId: Int64IdSchema, connectorId: z.string().regex(/^\d{1,20}$/, "connectorId must be a connector id"), ...IdempotentInput }))
  .output(z.object({ sourceId: Int64IdSchema, connectorId: z.string(), previousConnectorId: z.string().nullable() }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "source.replaceAgent", input, async () => {
      auditTargets(ctx.audit, input.sourceId, input.connectorId);
      const out = await lifeboatOnly("replace a host's agent", () => ctx.upstream.lifeboat.replaceAgent(input.sourceId, input.connectorId, ctx.call));
      return { sourceId: input.sourceId, connectorId: out.connectorId, previousConnectorId: out.previousConnectorId };
    }),
  );
