// Object search (reference §9): the registered hosts and their volumes with their protection
// state. Filtering and paging happen in PostgreSQL; SearchObjects pages with an opaque cookie
// (keyset on the object id, §0.5), SearchProtectedObjects caps with subResultSize.
import type { OperationRequest, RequestContext } from "../../context.ts";
import { invalidField } from "../../errors.ts";
import { formatColonId, parseColonId } from "../../ids.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** SearchObjects and SearchProtectedObjects share one query schema in the contracts. */
type SearchQuery = OperationRequest<"searchObjects">["query"];

/** Filters on things this engine never has (tags, deleted objects, last-run states) match nothing. */
function matchesNothing(q: SearchQuery): boolean {
  const lists = [q.mustHaveTagIds, q.mightHaveTagIds, q.mustHaveSnapshotTagIds, q.mightHaveSnapshotTagIds, q.tagNames, q.lastRunStatusList];
  return q.isDeleted === true || q.tagSearchName !== undefined || lists.some((l) => (l?.length ?? 0) > 0);
}

/** `name*` is a prefix search (§9); otherwise a case-insensitive substring match. */
function nameFilter(search: string | undefined): Prisma.StringFilter | undefined {
  if (!search || search === "*") return undefined;
  return search.endsWith("*")
    ? { startsWith: search.slice(0, -1), mode: "insensitive" }
    : { contains: search, mode: "insensitive" };
}

/** The filters both searches share, as AND-ed conditions (each may touch the same column). */
function baseConditions(ctx: RequestContext, q: SearchQuery): Prisma.SourceObjectWhereInput[] {
  const groupSeqs = q.protectionGroupIds?.map((id) => parseColonId(ctx.cluster, id)).filter((s): s is bigint => s !== null);
  const sourceIds = q.sourceIds?.map((s) => BigInt(s));
  const out: Prisma.SourceObjectWhereInput[] = [{ tenantId: ctx.tenantId }];
  if (q.environments) out.push({ environment: { in: q.environments } });
  if (q.objectIds) out.push({ id: { in: q.objectIds.map((i) => BigInt(i)) } });
  if (q.osTypes) out.push({ osType: { in: q.osTypes } });
  if (sourceIds) out.push({ OR: [{ id: { in: sourceIds } }, { parentId: { in: sourceIds } }] });
  if (groupSeqs) out.push({ protections: { some: { groupSeq: { in: groupSeqs }, group: { isDeleted: false } } } });
  return out;
}

const objectInclude = {
  registration: { select: { objects: { where: { parentId: null }, select: { id: true, name: true } } } },
  protections: {
    where: { group: { isDeleted: false } },
    select: { group: { select: { seq: true, name: true, policySeq: true, policy: { select: { name: true } } } } },
  },
} satisfies Prisma.SourceObjectInclude;

type ObjectRow = Prisma.SourceObjectGetPayload<{ include: typeof objectInclude }>;

function toSearchObject(ctx: RequestContext, o: ObjectRow) {
  const host = o.registration.objects[0];
  const groups = o.protections.map((p) => ({
    id: formatColonId(ctx.cluster, p.group.seq),
    name: p.group.name,
    policyId: formatColonId(ctx.cluster, p.group.policySeq),
    policyName: p.group.policy.name,
    // §Q 38: a protection type (ProtectionType), not an environment; the engine's groups are kFile.
    protectionEnvType: "kFile",
  }));
  return {
    id: Number(o.id),
    name: o.name,
    ...(host ? { sourceId: Number(host.id), sourceName: host.name } : {}),
    environment: o.environment,
    objectType: o.objectType,
    ...(o.osType ? { osType: o.osType } : {}),
    ...(o.sizeBytes !== null ? { logicalSizeBytes: Number(o.sizeBytes) } : {}),
    ...(groups.length ? { protectionType: "kFile" } : {}),
    groups,
  };
}

export async function searchObjects(ctx: RequestContext, input: OperationRequest<"searchObjects">) {
  const q = input.query;
  const count = Math.min(q.count ?? DEFAULT_PAGE, MAX_PAGE);
  if (count < 1) throw invalidField("count", "must be at least 1", "query");
  if (matchesNothing(q)) return { objects: [], count: 0 };
  let after: bigint | undefined;
  if (q.paginationCookie !== undefined) {
    if (!/^\d{1,19}$/.test(q.paginationCookie)) throw invalidField("paginationCookie", "not a cookie this engine returned", "query");
    after = BigInt(q.paginationCookie);
  }
  const search = nameFilter(q.searchString);
  const and = baseConditions(ctx, q);
  if (search) and.push({ name: search });
  if (q.isProtected === true) and.push({ protections: { some: { group: { isDeleted: false } } } });
  if (q.isProtected === false) and.push({ protections: { none: { group: { isDeleted: false } } } });
  if (after !== undefined) and.push({ id: { gt: after } });
  const where: Prisma.SourceObjectWhereInput = { AND: and };
  const rows = await ctx.db.sourceObject.findMany({ where, include: objectInclude, orderBy: { id: "asc" }, take: count + 1 });
  const page = rows.slice(0, count);
  const more = rows.length > count;
  return {
    objects: page.map((o) => {
      const { groups, ...obj } = toSearchObject(ctx, o);
      return {
        ...obj,
        objectProtectionInfos: [
          {
            objectId: obj.id,
            ...(obj.sourceId !== undefined ? { sourceId: obj.sourceId } : {}),
            clusterId: Number(ctx.cluster.clusterId),
            clusterIncarnationId: Number(ctx.cluster.incarnationId),
            tenantIds: [ctx.tenantId],
            isDeleted: false,
            protectionGroups: groups,
          },
        ],
      };
    }),
    count: page.length,
    ...(more ? { paginationCookie: page[page.length - 1]!.id.toString() } : {}),
  };
}

export async function searchProtectedObjects(ctx: RequestContext, input: OperationRequest<"searchProtectedObjects">) {
  const q = input.query;
  const limit = Math.min(q.subResultSize ?? MAX_PAGE, MAX_PAGE);
  const search = nameFilter(q.searchString);
  const and = baseConditions(ctx, q);
  and.push({ protections: { some: { group: { isDeleted: false } } } });
  // §9: the search string matches the object or its protection group's name.
  if (search) and.push({ OR: [{ name: search }, { protections: { some: { group: { name: search } } } }] });
  const where: Prisma.SourceObjectWhereInput = { AND: and };
  const rows = await ctx.db.sourceObject.findMany({ where, include: objectInclude, orderBy: { id: "asc" }, take: limit });
  const unique = new Map<string, string>();
  const objects = rows.map((o) => {
    const { groups, ...obj } = toSearchObject(ctx, o);
    for (const g of groups) unique.set(g.id, g.name);
    return {
      ...obj,
      latestSnapshotsInfo: groups.map((g) => ({ protectionGroupId: g.id, protectionGroupName: g.name })),
    };
  });
  return {
    objects,
    metadata: {
      uniqueProtectionGroupIdentifiers: [...unique].map(([protectionGroupId, protectionGroupName]) => ({ protectionGroupId, protectionGroupName })),
    },
    numResults: objects.length,
  };
}
