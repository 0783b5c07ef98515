// Runs of every protection group of one upstream connection, read from the ops sync's RunSummary
// table (never the upstream), with filters, a chosen sort and keyset paging. The order is always
// total: the sort key, then the start time (for keys with many ties), then the row's primary key
// (groupId, runId), all in the sort's direction; a NULL (not ended yet, so no end or duration)
// counts as above every value — last ascending, first descending — as in a PostgreSQL index. The cursor carries the last
// row's values of those keys plus the sort and a hash of the filters it was issued for, so a
// cursor used with another sort or other filters is refused instead of silently skipping rows.
// Never OFFSET: a page costs the same on page 1 and page 500, and rows synced between pages
// neither repeat nor shift the rest.
import { createHash } from "node:crypto";
import { Prisma } from "@lifeboat/db";
import { TRPCError } from "@trpc/server";
import type { Db } from "../db.ts";

export const RUN_HISTORY_SORTS = ["startedAt", "endedAt", "duration", "bytesWritten", "status", "groupName"] as const;
export type RunHistorySort = (typeof RUN_HISTORY_SORTS)[number];
export type SortDirection = "asc" | "desc";

export interface RunHistoryFilter {
  groupId?: string | undefined;
  statuses?: readonly string[] | undefined;
  runTypes?: readonly string[] | undefined;
  startedAfter?: Date | undefined;
  startedBefore?: Date | undefined;
  slaViolated?: boolean | undefined;
}

export interface RunHistoryQuery {
  connectionId: string;
  filter: RunHistoryFilter;
  sort: RunHistorySort;
  direction: SortDirection;
  cursor?: string | null | undefined;
  limit: number;
}

export interface RunHistoryItem {
  groupId: string;
  groupName: string;
  runId: string;
  environment: string | null;
  status: string;
  runType: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  bytesRead: number;
  bytesWritten: number;
  logicalBytes: number;
  slaViolated: boolean;
  syncedAt: Date;
}

type KeyKind = "date" | "bigint" | "text";
interface Key {
  sql: Prisma.Sql;
  kind: KeyKind;
  nullable: boolean;
  of: (row: Row) => Date | bigint | string | null;
}

interface Row {
  groupId: string;
  groupName: string;
  runId: string;
  environment: string | null;
  status: string;
  runType: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: bigint | null;
  bytesRead: bigint;
  bytesWritten: bigint;
  logicalBytes: bigint;
  slaViolated: boolean;
  syncedAt: Date;
}

const DURATION_SQL = Prisma.sql`(EXTRACT(EPOCH FROM ("endedAt" - "startedAt")) * 1000)::bigint`;
const KEYS = {
  startedAt: { sql: Prisma.sql`"startedAt"`, kind: "date", nullable: true, of: (r) => r.startedAt },
  endedAt: { sql: Prisma.sql`"endedAt"`, kind: "date", nullable: true, of: (r) => r.endedAt },
  duration: { sql: DURATION_SQL, kind: "bigint", nullable: true, of: (r) => r.durationMs },
  bytesWritten: { sql: Prisma.sql`"bytesWritten"`, kind: "bigint", nullable: false, of: (r) => r.bytesWritten },
  status: { sql: Prisma.sql`"status"`, kind: "text", nullable: false, of: (r) => r.status },
  groupName: { sql: Prisma.sql`"groupName"`, kind: "text", nullable: false, of: (r) => r.groupName },
  groupId: { sql: Prisma.sql`"groupId"`, kind: "text", nullable: false, of: (r) => r.groupId },
  runId: { sql: Prisma.sql`"runId"`, kind: "text", nullable: false, of: (r) => r.runId },
} satisfies Record<string, Key>;

/** The full key list of a sort: the chosen key, the start time as a readable tiebreak, the primary key. */
function keysOf(sort: RunHistorySort): Key[] {
  return [KEYS[sort], ...(sort === "startedAt" ? [] : [KEYS.startedAt]), KEYS.groupId, KEYS.runId];
}

function filterHash(filter: RunHistoryFilter): string {
  const canonical = JSON.stringify({
    g: filter.groupId ?? null,
    s: [...(filter.statuses ?? [])].sort(),
    t: [...(filter.runTypes ?? [])].sort(),
    a: filter.startedAfter?.toISOString() ?? null,
    b: filter.startedBefore?.toISOString() ?? null,
    v: filter.slaViolated ?? null,
  });
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 12);
}

interface CursorState {
  sort: RunHistorySort;
  direction: SortDirection;
  filters: string;
  values: (string | null)[];
}

const encodeValue = (v: Date | bigint | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : v.toString());

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify([state.sort, state.direction, state.filters, state.values]), "utf8").toString("base64url");
}

const badCursor = (message: string) => new TRPCError({ code: "BAD_REQUEST", message });

function decodeCursor(cursor: string, want: Omit<CursorState, "values">, keyCount: number): (string | null)[] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("not base64url");
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badCursor("cursor is not valid; start again without a cursor");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw badCursor("cursor is not valid; start again without a cursor");
  const [sort, direction, filters, values] = parsed as unknown[];
  if (sort !== want.sort || direction !== want.direction) {
    throw badCursor(`cursor belongs to the sort ${String(sort)} ${String(direction)}, not ${want.sort} ${want.direction}; start again without a cursor`);
  }
  if (filters !== want.filters) throw badCursor("cursor belongs to other filters; start again without a cursor");
  if (!Array.isArray(values) || values.length !== keyCount || !values.every((v) => v === null || (typeof v === "string" && v.length <= 300))) {
    throw badCursor("cursor is not valid; start again without a cursor");
  }
  return values as (string | null)[];
}

function literal(kind: KeyKind, value: string): Prisma.Sql {
  if (kind === "date") {
    if (Number.isNaN(Date.parse(value))) throw badCursor("cursor is not valid; start again without a cursor");
    // "startedAt"/"endedAt" are timestamp(3) holding UTC (Prisma's convention).
    return Prisma.sql`(${value}::timestamptz AT TIME ZONE 'UTC')`;
  }
  if (kind === "bigint") {
    if (!/^-?\d{1,19}$/.test(value)) throw badCursor("cursor is not valid; start again without a cursor");
    return Prisma.sql`${value}::bigint`;
  }
  return Prisma.sql`${value}`;
}

/**
 * Rows strictly after the cursor's values `values` of `keys`, in PostgreSQL's own NULL order (NULL
 * above every value: last ascending, first descending), the order a plain b-tree index gives in
 * both scan directions.
 */
function after(keys: Key[], values: (string | null)[], direction: SortDirection): Prisma.Sql {
  const [key, ...rest] = keys;
  if (!key) return Prisma.sql`FALSE`;
  const value = values[0] ?? null;
  const tail = after(rest, values.slice(1), direction);
  if (value === null) {
    if (!key.nullable) throw badCursor("cursor is not valid; start again without a cursor");
    return direction === "asc" ? Prisma.sql`(${key.sql} IS NULL AND ${tail})` : Prisma.sql`(${key.sql} IS NOT NULL OR (${key.sql} IS NULL AND ${tail}))`;
  }
  const c = literal(key.kind, value);
  if (direction === "asc") {
    const later = Prisma.sql`(${key.sql} > ${c} OR (${key.sql} = ${c} AND ${tail}))`;
    return key.nullable ? Prisma.sql`(${key.sql} IS NULL OR ${later})` : later;
  }
  return Prisma.sql`(${key.sql} < ${c} OR (${key.sql} = ${c} AND ${tail}))`;
}

type Zone = "value" | "null";

/**
 * One page is read zone by zone of the sort key — its non-NULL values, then its NULLs (or the other
 * way round descending) — so that inside a zone the cursor becomes a plain range bound on the key
 * (`key >= c`) that an index on (connectionId, key, …) can start from, instead of an OR across the
 * NULLs that would make page 500 scan pages 1–499 again. NULL zones are small (runs not ended yet).
 */
function zoneQueries(keys: Key[], values: (string | null)[] | null, direction: SortDirection): Prisma.Sql[] {
  const [key, ...rest] = keys as [Key, ...Key[]];
  const zones: Zone[] = !key.nullable ? ["value"] : direction === "asc" ? ["value", "null"] : ["null", "value"];
  const cursorZone: Zone | null = values === null ? null : values[0] === null ? "null" : "value";
  const from = cursorZone === null ? 0 : zones.indexOf(cursorZone);
  return zones.slice(from).map((zone, i) => {
    const parts: Prisma.Sql[] = [];
    if (key.nullable) parts.push(zone === "null" ? Prisma.sql`${key.sql} IS NULL` : Prisma.sql`${key.sql} IS NOT NULL`);
    if (values !== null && i === 0) {
      if (zone === "null") parts.push(after(rest, values.slice(1), direction));
      else {
        const c = literal(key.kind, values[0]!);
        parts.push(direction === "asc" ? Prisma.sql`${key.sql} >= ${c}` : Prisma.sql`${key.sql} <= ${c}`);
        parts.push(after(keys, values, direction));
      }
    }
    return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
  });
}

export async function listRunHistory(db: Db, q: RunHistoryQuery): Promise<{ items: RunHistoryItem[]; nextCursor: string | null }> {
  const keys = keysOf(q.sort);
  const filters = filterHash(q.filter);
  const f = q.filter;
  const where: Prisma.Sql[] = [Prisma.sql`"connectionId" = ${q.connectionId}`];
  if (f.groupId) where.push(Prisma.sql`"groupId" = ${f.groupId}`);
  if (f.statuses?.length) where.push(Prisma.sql`"status" = ANY(${[...f.statuses]}::text[])`);
  if (f.runTypes?.length) where.push(Prisma.sql`"runType" = ANY(${[...f.runTypes]}::text[])`);
  if (f.startedAfter) where.push(Prisma.sql`"startedAt" >= ${literal("date", f.startedAfter.toISOString())}`);
  if (f.startedBefore) where.push(Prisma.sql`"startedAt" <= ${literal("date", f.startedBefore.toISOString())}`);
  if (f.slaViolated !== undefined) where.push(Prisma.sql`"slaViolated" = ${f.slaViolated}`);
  const values = q.cursor ? decodeCursor(q.cursor, { sort: q.sort, direction: q.direction, filters }, keys.length) : null;

  const dir = q.direction === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const orderBy = Prisma.join(keys.map((k) => Prisma.sql`${k.sql} ${dir}`), ", ");
  const rows: Row[] = [];
  for (const zone of zoneQueries(keys, values, q.direction)) {
    const want = q.limit + 1 - rows.length;
    if (want <= 0) break;
    rows.push(
      ...(await db.$queryRaw<Row[]>`
        SELECT "groupId", "groupName", "runId", "environment", "status", "runType", "startedAt", "endedAt",
               ${DURATION_SQL} AS "durationMs", "bytesRead", "bytesWritten", "logicalBytes", "slaViolated", "syncedAt"
        FROM "RunSummary"
        WHERE ${Prisma.join(where, " AND ")} AND ${zone}
        ORDER BY ${orderBy}
        LIMIT ${want}`),
    );
  }

  const hasMore = rows.length > q.limit;
  const page = hasMore ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...r,
      durationMs: r.durationMs === null ? null : Number(r.durationMs),
      bytesRead: Number(r.bytesRead),
      bytesWritten: Number(r.bytesWritten),
      logicalBytes: Number(r.logicalBytes),
    })),
    nextCursor:
      hasMore && last ? encodeCursor({ sort: q.sort, direction: q.direction, filters, values: keys.map((k) => encodeValue(k.of(last))) }) : null,
  };
}

/**
 * How fresh the history is: the oldest last successful run sync of the connection's groups (every
 * run that started before it is in the table), or null before the first one.
 */
export async function runHistorySyncedAt(db: Db, connectionId: string): Promise<Date | null> {
  const agg = await db.syncCursor.aggregate({
    where: { connectionId, stream: { startsWith: "runs:" } },
    _min: { lastOkAt: true },
  });
  return agg._min.lastOkAt ?? null;
}
