// §2 Source registrations: list, get, create (register), update (PUT), patch (§Q 10: only
// `environment`), refresh (RefreshProtectionSourceByID, §11) and delete; browse (a host's folders, Lifeboat engine extension, browse.ts). Credentials are never requested from the upstream
// (includeSourceCredentials stays off), so none can reach the browser.
import {
  PatchProtectionSourceRegistrationRequestSchema, RegisterProtectionSourceRequestSchema, SourceRegistrationSchema,
  UpdateProtectionSourceRegistrationRequestSchema,
} from "@lifeboat/contracts";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { Int64IdSchema } from "../../services/ids.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";
import { restOf } from "../../openapi/meta.ts";
import { DeletedSchema, pageOf } from "../../services/outputs.ts";
import { browse } from "./browse.ts";
import { checkRepository, replaceAgent, repository } from "./repository.ts";

const rest = restOf("source");

const list = areaProcedure("source.list")
  .meta(rest("GET", "/sources", "List registered sources"))
  .input(z.object({ ...PageInput, search: z.string().trim().max(200).optional() }))
  .output(pageOf(SourceRegistrationSchema))
  .query(async ({ ctx, input }) => {
    const { registrations = [] } = await ctx.upstream.getSourceRegistrations({}, ctx.call);
    const needle = input.search?.toLowerCase();
    const matching = needle
      ? registrations.filter((r) => `${r.name ?? ""} ${r.sourceInfo?.name ?? ""}`.toLowerCase().includes(needle))
      : registrations;
    // No upstream paging for registrations (§0.5): sliced here by id.
    return slicePage(matching, (r) => String(r.id ?? ""), input);
  });

const get = areaProcedure("source.get")
  .meta(rest("GET", "/sources/{id}", "Get a source registration"))
  .input(z.object({ id: Int64IdSchema }))
  .output(SourceRegistrationSchema)
  .query(({ ctx, input }) => ctx.upstream.getProtectionSourceRegistration({ pathParams: { id: input.id } }, ctx.call));

const create = areaProcedure("source.create", { upstreamFields: { body: "registration" } })
  .meta(rest("POST", "/sources", "Register a source"))
  .input(z.object({ registration: RegisterProtectionSourceRequestSchema, ...IdempotentInput }))
  .output(SourceRegistrationSchema)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "source.create", input, async () => {
      const created = await ctx.upstream.registerProtectionSource({ body: input.registration }, ctx.call);
      auditTargets(ctx.audit, created.id, created.connectionId);
      return created;
    }),
  );

const update = areaProcedure("source.update", { upstreamFields: { body: "registration" } })
  .meta(rest("PUT", "/sources/{id}", "Replace a source registration"))
  .input(z.object({ id: Int64IdSchema, registration: UpdateProtectionSourceRegistrationRequestSchema, ...IdempotentInput }))
  .output(SourceRegistrationSchema)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "source.update", input, async () => {
      auditTargets(ctx.audit, input.id);
      return ctx.upstream.updateProtectionSourceRegistration({ pathParams: { id: input.id }, body: input.registration }, ctx.call);
    }),
  );

const patch = areaProcedure("source.patch")
  .meta(rest("PATCH", "/sources/{id}", "Change a source registration's environment"))
  .input(PatchProtectionSourceRegistrationRequestSchema.extend({ id: Int64IdSchema, ...IdempotentInput }))
  .output(SourceRegistrationSchema)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "source.patch", input, async () => {
      auditTargets(ctx.audit, input.id);
      return ctx.upstream.patchProtectionSourceRegistration({ pathParams: { id: input.id }, body: { environment: input.environment } }, ctx.call);
    }),
  );

/**
 * RefreshProtectionSourceByID (§11): the host's volumes re-discovered through its agent; answers the
 * registration as it is afterwards. An offline or removed agent is a CONFLICT naming the host.
 */
const refresh = areaProcedure("source.refresh")
  .meta(rest("POST", "/sources/{id}/refresh", "Re-discover a source's volumes through its agent"))
  .input(z.object({ id: Int64IdSchema, ...IdempotentInput }))
  .output(SourceRegistrationSchema)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "source.refresh", input, async () => {
      auditTargets(ctx.audit, input.id);
      await ctx.upstream.refreshProtectionSourceByID({ pathParams: { id: input.id } }, ctx.call);
      return ctx.upstream.getProtectionSourceRegistration({ pathParams: { id: input.id } }, ctx.call);
    }),
  );

const deleteSource = areaProcedure("source.delete")
  .meta(rest("DELETE", "/sources/{id}", "Unregister a source"))
  .input(z.object({ id: Int64IdSchema, ...IdempotentInput }))
  .output(DeletedSchema({ id: Int64IdSchema }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "source.delete", input, async () => {
      auditTargets(ctx.audit, input.id);
      await ctx.upstream.deleteProtectionSourceRegistration({ pathParams: { id: input.id } }, ctx.call);
      return { id: input.id, deleted: true as const };
    }),
  );

export const sourceRouter = router({ list, get, create, update, patch, refresh, delete: deleteSource, browse, repository, checkRepository, replaceAgent });
