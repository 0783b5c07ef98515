// §4 Protection policies: list, get, create, update, delete. Outputs carry `summary`, the policy in
// plain language ("every 4 hours, keep 14 days", @lifeboat/policy's sentence). Bodies pass the
// policy model's semantic checks here too, so every upstream gets a sound policy and a form gets
// each problem as a field error (the path inside `policy`).
import { ProtectionPolicyRequestSchema, ProtectionPolicySchema, type ProtectionPolicy } from "@lifeboat/contracts";
import { policyIssues, policySentence } from "@lifeboat/policy";
import { z } from "zod";
import { router } from "../../trpc.ts";
import { areaProcedure, auditTargets, idempotent } from "../../services/area-procedure.ts";
import { IdempotentInput } from "../../services/idempotency.ts";
import { PageInput, slicePage } from "../../services/list-page.ts";
import { restOf } from "../../openapi/meta.ts";
import { DeletedSchema, pageOf } from "../../services/outputs.ts";
import { PolicyIdSchema } from "../../services/ids.ts";

const PolicyOutput = ProtectionPolicySchema.extend({ summary: z.string() });
const rest = restOf("policy");

const withSummary = <P extends ProtectionPolicy>(policy: P) => ({ ...policy, summary: policySentence(policy) });
const PolicyBody = ProtectionPolicyRequestSchema.superRefine((policy, ctx) => {
  for (const issue of policyIssues(policy)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

const list = areaProcedure("policy.list")
  .meta(rest("GET", "/policies", "List protection policies"))
  .input(z.object({ ...PageInput, search: z.string().trim().max(200).optional() }))
  .output(pageOf(PolicyOutput))
  .query(async ({ ctx, input }) => {
    // includeStats fills numProtectionGroups / numProtectedObjects, which the portal's list shows.
    const { policies = [] } = await ctx.upstream.getProtectionPolicies({ query: { includeStats: true } }, ctx.call);
    const needle = input.search?.toLowerCase();
    const matching = needle ? policies.filter((p) => (p.name ?? "").toLowerCase().includes(needle)) : policies;
    // No upstream paging (§0.5): sliced here by id.
    const page = slicePage(matching, (p) => String(p.id ?? ""), input);
    return { ...page, items: page.items.map(withSummary) };
  });

const get = areaProcedure("policy.get")
  .meta(rest("GET", "/policies/{id}", "Get a protection policy"))
  .input(z.object({ id: PolicyIdSchema }))
  .output(PolicyOutput)
  .query(async ({ ctx, input }) => withSummary(await ctx.upstream.getProtectionPolicyByID({ pathParams: { id: input.id } }, ctx.call)));

const create = areaProcedure("policy.create", { upstreamFields: { body: "policy" } })
  .meta(rest("POST", "/policies", "Create a protection policy"))
  .input(z.object({ policy: PolicyBody, ...IdempotentInput }))
  .output(PolicyOutput)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "policy.create", input, async () => {
      const created = await ctx.upstream.createProtectionPolicy({ body: input.policy }, ctx.call);
      auditTargets(ctx.audit, created.id);
      return withSummary(created);
    }),
  );

const update = areaProcedure("policy.update", { upstreamFields: { body: "policy" } })
  .meta(rest("PUT", "/policies/{id}", "Replace a protection policy"))
  .input(z.object({ id: PolicyIdSchema, policy: PolicyBody, ...IdempotentInput }))
  .output(PolicyOutput)
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "policy.update", input, async () =>
      withSummary(await ctx.upstream.updateProtectionPolicy({ pathParams: { id: input.id }, body: input.policy }, ctx.call)),
    ),
  );

const deletePolicy = areaProcedure("policy.delete")
  .meta(rest("DELETE", "/policies/{id}", "Delete a protection policy"))
  .input(z.object({ id: PolicyIdSchema, ...IdempotentInput }))
  .output(DeletedSchema({ id: PolicyIdSchema }))
  .mutation(({ ctx, input }) =>
    idempotent(ctx, "policy.delete", input, async () => {
      await ctx.upstream.deleteProtectionPolicy({ pathParams: { id: input.id } }, ctx.call);
      return { id: input.id, deleted: true as const };
    }),
  );

export const policyRouter = router({ list, get, create, update, delete: deletePolicy });
