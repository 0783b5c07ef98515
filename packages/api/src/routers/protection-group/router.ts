// §3 Protection groups (list, get, create, update, delete) and their runs (§5, nested `run`).
import { operations, ProtectionGroupRequestSchema, ProtectionGroupSchema } from "@lifeboat/contracts";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { GroupIdSchema } from "../../services/ids.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";
import { restOf } from "../../openapi/meta.ts";
import { DeletedSchema, pageOf, QueryBooleanSchema } from "../../services/outputs.ts";
import { checkGroupPaths, PathWarningSchema } from "../../services/group-paths.ts";
import { runRouter } from "./run/router.ts";

/** The list filters the portal offers, taken from the operation's own query schema. */
const GroupFilterSchema = operations.getProtectionGroups.query.pick({
  policyIds: true,
  environments: true,
  isActive: true,
  isPaused: true,
  isDeleted: true,
  lastRunAnyStatus: true,
  includeLastRunInfo: true,
});

const rest = restOf("protectionGroup");

// A read by POST on the REST door: its filter is an object, which a query string cannot carry.
const list = areaProcedure("protectionGroup.list")
  .meta(rest("POST", "/protection-groups/search", "List protection groups (filters in the body)"))
  .input(z.object({ ...PageInput, search: z.string().trim().max(200).optional(), filter: GroupFilterSchema.optional() }))
  .output(pageOf(ProtectionGroupSchema))
  .query(async ({ ctx, input }) => {
    const { protectionGroups = [] } = await ctx.upstream.getProtectionGroups({ query: input.filter ?? {} }, ctx.call);
    const needle = input.search?.toLowerCase();
    const matching = needle ? protectionGroups.filter((g) => (g.name ?? "").toLowerCase().includes(needle)) : protectionGroups;
    // No upstream paging for groups (§0.5): sliced here by id.
    return slicePage(matching, (g) => String(g.id ?? ""), input);
  });

const get = areaProcedure("protectionGroup.get")
  .meta(rest("GET", "/protection-groups/{id}", "Get a protection group"))
  .input(z.object({ id: GroupIdSchema, includeLastRunInfo: QueryBooleanSchema.optional() }))
  .output(ProtectionGroupSchema)
  .query(({ ctx, input }) =>
    ctx.upstream.getProtectionGroupByID(
      { pathParams: { id: input.id }, query: input.includeLastRunInfo === undefined ? {} : { includeLastRunInfo: input.includeLastRunInfo } },
      ctx.call,
    ),
  );

/**
 * A saved group, with the warnings of the save-time path check: included paths its host's agent
 * did not find or could not read, or a host that could not be asked (offline). Empty when all
 * paths exist. Warnings never block the save.
 */
const SavedGroupSchema = ProtectionGroupSchema.extend({ pathWarnings: z.array(PathWarningSchema) });

const create = areaProcedure("protectionGroup.create", { upstreamFields: { body: "group" } })
  .meta(rest("POST", "/protection-groups", "Create a protection group"))
  .input(z.object({ group: ProtectionGroupRequestSchema, ...IdempotentInput }))
  .output(SavedGroupSchema)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "protectionGroup.create", input, async () => {
      // Checked before the write: the audit row keeps the write's upstream request id.
      const pathWarnings = await checkGroupPaths(ctx.upstream, input.group, ctx.call);
      const created = await ctx.upstream.createProtectionGroup({ body: input.group }, ctx.call);
      auditTargets(ctx.audit, created.id, created.policyId);
      return { ...created, pathWarnings };
    }),
  );

const update = areaProcedure("protectionGroup.update", { upstreamFields: { body: "group" } })
  .meta(rest("PUT", "/protection-groups/{id}", "Replace a protection group"))
  .input(z.object({ id: GroupIdSchema, group: ProtectionGroupRequestSchema, ...IdempotentInput }))
  .output(SavedGroupSchema)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "protectionGroup.update", input, async () => {
      const pathWarnings = await checkGroupPaths(ctx.upstream, input.group, ctx.call);
      const updated = await ctx.upstream.updateProtectionGroup({ pathParams: { id: input.id }, body: input.group }, ctx.call);
      return { ...updated, pathWarnings };
    }),
  );

const deleteGroup = areaProcedure("protectionGroup.delete")
  .meta(rest("DELETE", "/protection-groups/{id}", "Delete a protection group (deleteSnapshots=true also deletes its snapshots)"))
  .input(z.object({ id: GroupIdSchema, deleteSnapshots: QueryBooleanSchema.optional(), ...IdempotentInput }))
  .output(DeletedSchema({ id: GroupIdSchema }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "protectionGroup.delete", input, async () => {
      const query = input.deleteSnapshots === undefined ? {} : { deleteSnapshots: input.deleteSnapshots };
      await ctx.upstream.deleteProtectionGroup({ pathParams: { id: input.id }, query }, ctx.call);
      return { id: input.id, deleted: true as const };
    }),
  );

export const protectionGroupRouter = router({ list, get, create, update, delete: deleteGroup, run: runRouter });
