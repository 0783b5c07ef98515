// Protection policies (reference §4): full CRUD with semantic validation (@lifeboat/policy),
// colon-formatted ids, optimistic concurrency on `lastModificationTimeUsecs` (§0.4, §Q 20) and
// `includeStats` counts computed in the database.
import { formatPath, MAX_FIELD_ERRORS, type ProtectionPolicyRequest } from "@lifeboat/contracts";
import { policyIssues } from "@lifeboat/policy";
import type { OperationRequest, RequestContext } from "../../context.ts";
import { conflict, EngineError, invalidFields, notFound } from "../../errors.ts";
import { formatColonId, nextStamp, nowUsecs, parseColonId } from "../../ids.ts";
import type { Policy, Prisma } from "../../generated/prisma/client.ts";
import { uniqueOr409 } from "../../prisma-errors.ts";

/** A body the contract schema has parsed (http/operation-routes.ts). */
type PolicyBody = ProtectionPolicyRequest;

/** The policy model's semantic checks: a 400 naming every failing field of the body. */
function validatePolicy(body: PolicyBody): void {
  const issues = policyIssues(body);
  if (issues.length) throw invalidFields(issues.slice(0, MAX_FIELD_ERRORS).map((i) => ({ path: formatPath(i.path, "body"), message: i.message })));
}

export function hasDataLock(spec: PolicyBody): boolean {
  const r = spec.backupPolicy.regular;
  return Boolean(r.retention?.dataLockConfig || r.fullBackups?.some((f) => f.retention.dataLockConfig));
}

function toPolicy(ctx: RequestContext, row: Policy, stats?: { groups: number; objects: number }) {
  return {
    ...(row.spec as object),
    id: formatColonId(ctx.cluster, row.seq),
    name: row.name,
    lastModificationTimeUsecs: Number(row.lastModificationTimeUsecs),
    isUsable: true,
    isReplicated: false,
    ...(stats ? { numProtectionGroups: stats.groups, numProtectedObjects: stats.objects } : {}),
  };
}

export async function findPolicy(ctx: RequestContext, id: string): Promise<Policy> {
  const seq = parseColonId(ctx.cluster, id);
  const row = seq === null ? null : await ctx.db.policy.findFirst({ where: { seq, tenantId: ctx.tenantId } });
  if (!row) throw notFound("protection policy", id);
  return row;
}

function specOf(body: PolicyBody): Prisma.InputJsonValue {
  const { lastModificationTimeUsecs: _ignored, ...rest } = body;
  return rest as unknown as Prisma.InputJsonValue;
}

async function policyStats(ctx: RequestContext, seqs: bigint[]) {
  if (seqs.length === 0) return new Map<bigint, { groups: number; objects: number }>();
  const rows = await ctx.db.$queryRaw<{ policySeq: bigint; groups: bigint; objects: bigint }[]>`
    SELECT g."policySeq" AS "policySeq", count(DISTINCT g.seq) AS groups, count(DISTINCT o."objectId") AS objects
    FROM "ProtectionGroup" g LEFT JOIN "ProtectedGroupObject" o ON o."groupSeq" = g.seq
    WHERE g."tenantId" = ${ctx.tenantId} AND NOT g."isDeleted" AND g."policySeq" = ANY(${seqs})
    GROUP BY g."policySeq"`;
  return new Map(rows.map((r) => [BigInt(r.policySeq), { groups: Number(r.groups), objects: Number(r.objects) }]));
}

export async function getProtectionPolicies(ctx: RequestContext, input: OperationRequest<"getProtectionPolicies">) {
  const q = input.query;
  // Every policy here is a locally created Regular one without archival targets: filters for
  // Internal policies or for vaults simply match nothing.
  if (q.types && !q.types.includes("Regular")) return { policies: [] };
  if (q.vaultIds?.length) return { policies: [] };
  const seqs = q.ids?.map((id) => parseColonId(ctx.cluster, id)).filter((s): s is bigint => s !== null);
  const rows = await ctx.db.policy.findMany({
    where: {
      tenantId: ctx.tenantId,
      ...(q.ids ? { seq: { in: seqs ?? [] } } : {}),
      ...(q.policyNames ? { name: { in: q.policyNames } } : {}),
    },
    orderBy: { seq: "asc" },
  });
  const stats = q.includeStats ? await policyStats(ctx, rows.map((r) => r.seq)) : null;
  return {
    policies: rows.map((r) => toPolicy(ctx, r, stats ? (stats.get(r.seq) ?? { groups: 0, objects: 0 }) : undefined)),
  };
}

export async function getProtectionPolicyByID(ctx: RequestContext, input: OperationRequest<"getProtectionPolicyByID">) {
  return toPolicy(ctx, await findPolicy(ctx, input.pathParams["id"]!));
}

export async function createProtectionPolicy(ctx: RequestContext, input: OperationRequest<"createProtectionPolicy">) {
  const body = input.body;
  validatePolicy(body);
  const row = await uniqueOr409(
    ctx.db.policy.create({
      data: { tenantId: ctx.tenantId, name: body.name, spec: specOf(body), hasDataLock: hasDataLock(body), lastModificationTimeUsecs: nowUsecs() },
    }),
    `a protection policy named ${JSON.stringify(body.name)} already exists`,
  );
  return toPolicy(ctx, row);
}

export async function updateProtectionPolicy(ctx: RequestContext, input: OperationRequest<"updateProtectionPolicy">) {
  const current = await findPolicy(ctx, input.pathParams["id"]!);
  const body = input.body;
  validatePolicy(body);
  const expected = body.lastModificationTimeUsecs;
  // Conditional update: a concurrent writer between our read and write also loses with 412.
  const result = await uniqueOr409(
    ctx.db.policy.updateMany({
      where: { seq: current.seq, ...(expected !== undefined ? { lastModificationTimeUsecs: BigInt(expected) } : {}) },
      data: { name: body.name, spec: specOf(body), hasDataLock: hasDataLock(body), lastModificationTimeUsecs: nextStamp(current.lastModificationTimeUsecs) },
    }),
    `a protection policy named ${JSON.stringify(body.name)} already exists`,
  );
  if (result.count === 0) {
    throw new EngineError(
      "PreconditionFailed",
      `lastModificationTimeUsecs ${expected} is stale: policy ${input.pathParams["id"]} was modified at ${current.lastModificationTimeUsecs}; get it again and resend`,
    );
  }
  return toPolicy(ctx, await findPolicy(ctx, input.pathParams["id"]!));
}

export async function deleteProtectionPolicy(ctx: RequestContext, input: OperationRequest<"deleteProtectionPolicy">) {
  const current = await findPolicy(ctx, input.pathParams["id"]!);
  const groups = await ctx.db.protectionGroup.findMany({
    where: { policySeq: current.seq },
    select: { name: true, isDeleted: true },
    take: 5,
  });
  if (groups.length > 0) {
    throw conflict(
      `protection policy ${input.pathParams["id"]} is still used by protection group(s) ${groups.map((g) => JSON.stringify(g.name) + (g.isDeleted ? " (deleted, keeps snapshots)" : "")).join(", ")}; delete or move them first`,
    );
  }
  await ctx.db.policy.delete({ where: { seq: current.seq } });
}
