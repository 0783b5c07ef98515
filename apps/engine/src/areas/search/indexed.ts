// SearchIndexedObjects (§9, objectType Files) over the file index: a name/path fragment (ILIKE over
// IndexedPath, see searchIndexedRows), file types, objects, groups; one row per (object, path) — the
// newest version — ordered by path with a keyset paginationCookie. The reference's File model has no
// size, time or snapshot; each file carries them as extension fields of the version returned:
// `sizeBytes`, `mtimeUsecs`, `snapshotId`, `snapshotTimestampUsecs`. The per-file version list lives
// outside /v2 (GET /lifeboat/v1/file-versions, see README).
import { Prisma } from "../../generated/prisma/client.ts";
import { invalidField } from "../../errors.ts";
import { formatColonId, parseColonId } from "../../ids.ts";
import type { OperationRequest, RequestContext } from "../../context.ts";
import type { EngineContext } from "../../context.ts";

const TYPE_IN: Record<string, string> = { File: "file", Directory: "dir", Symlink: "symlink" };
const TYPE_OUT: Record<string, string> = { file: "File", dir: "Directory", symlink: "Symlink", other: "File" };

export interface IndexedRow {
  objectId: bigint; path: string; dir: string; name: string; type: string; snapshotId: bigint; groupSeq: bigint;
  size: bigint | null; mtime: Date | null; timestampUsecs: bigint;
}

/** What SearchIndexedObjects filters on, already parsed; `after` is the keyset of the last row sent. */
export interface IndexedSearch {
  tenantId: string;
  searchString?: string;
  /** IndexedFile types (file, dir, symlink, other). */
  types?: string[];
  objectIds?: bigint[];
  groupSeqs?: bigint[];
  after?: { path: string; objectId: bigint };
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of (object, path) rows, ordered by (path, objectId), each with its newest version
 * (highest snapshotId) that is in a live snapshot and passes the type and group filters; paths
 * without such a version are skipped.
 *
 * The walk is over IndexedPath, one row per (object, path) however many snapshots hold it: a batch of
 * matching keys in order (LIMIT inside, so the planner reads the primary key in order and stops for a
 * broad fragment, or takes the trigram index and sorts the few matches of a rare one), then each
 * key's version by a LATERAL probe of IndexedFile by (tenantId, path) — a handful of rows, one per
 * snapshot — for that batch only. Keys without a live version (expired, not yet forgotten) can leave
 * a batch short: the next batch, larger, continues after its last key. Searching IndexedFile directly
 * had to sort every matching row of every snapshot before the LIMIT (DISTINCT ON; bench/README.md).
 */
export async function searchIndexedRows(db: EngineContext["db"], q: IndexedSearch): Promise<IndexedRow[]> {
  const keys: Prisma.Sql[] = [Prisma.sql`k."tenantId" = ${q.tenantId}`];
  if (q.searchString) keys.push(Prisma.sql`k.path ILIKE ${`%${escapeLike(q.searchString)}%`}`);
  if (q.objectIds?.length) keys.push(Prisma.sql`k."objectId" IN (${Prisma.join(q.objectIds)})`);
  // Files of expired snapshots are not restorable (forgotten, or about to be): never offered.
  const version: Prisma.Sql[] = [Prisma.sql`s."expiredAt" IS NULL`];
  if (q.types?.length) version.push(Prisma.sql`f.type IN (${Prisma.join(q.types)})`);
  if (q.groupSeqs?.length) version.push(Prisma.sql`f."groupSeq" IN (${Prisma.join(q.groupSeqs)})`);
  const rows: IndexedRow[] = [];
  let after = q.after;
  let batch = q.limit;
  for (;;) {
    const where = after ? [...keys, Prisma.sql`(k.path, k."objectId") > (${after.path}, ${after.objectId})`] : keys;
    const got = await db.$queryRaw<(Omit<IndexedRow, "snapshotId"> & { snapshotId: bigint | null })[]>`
      SELECT p."objectId", p.path, v.dir, v.name, v.type, v."snapshotId", v."groupSeq", v.size, v.mtime, v."timestampUsecs"
      FROM (
        SELECT k."tenantId", k.path, k."objectId" FROM "IndexedPath" k
        WHERE ${Prisma.join(where, " AND ")}
        ORDER BY k.path, k."objectId"
        LIMIT ${batch}
      ) p
      LEFT JOIN LATERAL (
        SELECT f.dir, f.name, f.type, f."snapshotId", f."groupSeq", f.size, f.mtime, s."timestampUsecs"
        FROM "IndexedFile" f JOIN "Snapshot" s ON s.id = f."snapshotId"
        WHERE f."tenantId" = p."tenantId" AND f.path = p.path AND f."objectId" = p."objectId" AND ${Prisma.join(version, " AND ")}
        ORDER BY f."snapshotId" DESC
        LIMIT 1
      ) v ON true
      ORDER BY p.path, p."objectId"`;
    for (const r of got) if (r.snapshotId !== null) rows.push(r as IndexedRow);
    if (rows.length >= q.limit || got.length < batch) return rows.slice(0, q.limit);
    const last = got.at(-1)!;
    after = { path: last.path, objectId: last.objectId };
    batch = Math.min(batch * 4, 10_000);
  }
}

export async function searchIndexedObjects(ctx: RequestContext, input: OperationRequest<"searchIndexedObjects">) {
  const body = input.body;
  if (body.objectType !== "Files") throw invalidField(`objectType`, `this engine indexes files only (Files), not ${body.objectType}`);
  const fp = body.fileParams ?? {};
  if (fp.sourceEnvironments?.length && !fp.sourceEnvironments.includes("kPhysical")) return { objectType: "Files", count: 0, files: [] };
  const count = Math.min(body.count ?? 100, 1000);
  let after: IndexedSearch["after"];
  if (body.paginationCookie) {
    let cursor: { p: string; o: string };
    try {
      cursor = JSON.parse(Buffer.from(body.paginationCookie, "base64url").toString("utf8")) as { p: string; o: string };
      if (typeof cursor.p !== "string" || !/^\d+$/.test(cursor.o)) throw new Error("shape");
    } catch {
      throw invalidField("paginationCookie", "not a cookie this engine handed out");
    }
    after = { path: cursor.p, objectId: BigInt(cursor.o) };
  }
  const rows = await searchIndexedRows(ctx.db, {
    tenantId: ctx.tenantId,
    searchString: fp.searchString,
    types: fp.types?.map((t) => TYPE_IN[t] ?? t),
    objectIds: [...(fp.objectIds ?? []), ...(fp.sourceIds ?? [])].map((i) => BigInt(i)),
    groupSeqs: body.protectionGroupIds?.map((id) => parseColonId(ctx.cluster, id) ?? -1n),
    after,
    limit: count + 1,
  });
  const page = rows.slice(0, count);
  const groups = new Map((await ctx.db.protectionGroup.findMany({ where: { seq: { in: [...new Set(page.map((r) => r.groupSeq))] } }, include: { policy: true } })).map((g) => [g.seq, g]));
  const objects = new Map((await ctx.db.sourceObject.findMany({ where: { id: { in: [...new Set(page.map((r) => r.objectId))] } } })).map((o) => [o.id, o]));
  const last = page.at(-1);
  return {
    objectType: "Files",
    count: page.length,
    ...(rows.length > count && last ? { paginationCookie: Buffer.from(JSON.stringify({ p: last.path, o: last.objectId.toString() })).toString("base64url") } : {}),
    files: page.map((r) => {
      const g = groups.get(r.groupSeq);
      const o = objects.get(r.objectId);
      return {
        name: r.name,
        path: r.dir,
        type: TYPE_OUT[r.type] ?? "File",
        ...(g ? { protectionGroupId: formatColonId(ctx.cluster, g.seq), protectionGroupName: g.name, policyId: formatColonId(ctx.cluster, g.policySeq), policyName: g.policy.name } : {}),
        sourceInfo: { id: Number(r.objectId), name: o?.name, environment: "kPhysical", objectType: o?.objectType ?? "kHost" },
        snapshotId: r.snapshotId.toString(),
        snapshotTimestampUsecs: Number(r.timestampUsecs),
        ...(r.size !== null ? { sizeBytes: Number(r.size) } : {}),
        ...(r.mtime ? { mtimeUsecs: r.mtime.getTime() * 1000 } : {}),
      };
    }),
  };
}

/** Every live snapshot of an object that holds `path`, newest first (the file's versions). */
export async function fileVersions(engine: EngineContext, tenantId: string, objectId: bigint, path: string) {
  const rows = await engine.db.$queryRaw<{ snapshotId: bigint; size: bigint | null; mtime: Date | null; type: string; timestampUsecs: bigint; groupSeq: bigint; startTimeUsecs: bigint }[]>`
    SELECT f."snapshotId", f.size, f.mtime, f.type, s."timestampUsecs", r."groupSeq", r."startTimeUsecs"
    FROM "IndexedFile" f JOIN "Snapshot" s ON s.id = f."snapshotId" JOIN "ProtectionRun" r ON r.id = s."runId"
    WHERE f."tenantId" = ${tenantId} AND f."objectId" = ${objectId} AND f.path = ${path} AND s."expiredAt" IS NULL
    ORDER BY s."timestampUsecs" DESC LIMIT 1000`;
  return rows.map((r) => ({
    snapshotId: r.snapshotId.toString(),
    protectionGroupId: formatColonId(engine.cluster, r.groupSeq),
    runId: `${r.groupSeq}:${r.startTimeUsecs}`,
    snapshotTimestampUsecs: Number(r.timestampUsecs),
    type: TYPE_OUT[r.type] ?? "File",
    ...(r.size !== null ? { sizeBytes: Number(r.size) } : {}),
    ...(r.mtime ? { mtimeUsecs: r.mtime.getTime() * 1000 } : {}),
  }));
}
