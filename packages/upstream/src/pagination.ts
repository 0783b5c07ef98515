// The upstream API pages four different ways (reference §0.5); each listing here hides its way
// behind `{ items, nextCursor }` pages and an async iterator. The callers are the bound operation
// methods, loosely typed here; client.ts gives them their contract types.
import { decodeCursor, encodeCursor, pageSize, type Page, type PageRequest } from "./cursor.ts";
import type { CallOptions, RawInput } from "./types.ts";

export type RawCall = (input: RawInput, options?: CallOptions) => Promise<unknown>;
type Obj = Record<string, unknown>;

const asObj = (value: unknown): Obj => (typeof value === "object" && value !== null ? (value as Obj) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const cookieOf = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** SearchObjects: `paginationCookie` + `count` in the query (§0.5). */
export async function searchObjectsPage(call: RawCall, query: Obj, page: PageRequest, options?: CallOptions): Promise<Page<unknown>> {
  const state = decodeCursor("searchObjects", page.cursor);
  const count = pageSize(page.limit);
  const response = asObj(await call({ query: { ...query, paginationCookie: state?.c, count } }, options));
  const items = asArray(response.objects);
  const cookie = cookieOf(response.paginationCookie);
  return { items, nextCursor: cookie && items.length > 0 ? encodeCursor("searchObjects", { c: cookie }) : null };
}

/**
 * Where SearchIndexedObjects puts its results: one array named after `objectType` (`files`,
 * `emails`, …, §9); the others are absent or empty.
 */
function indexedItems(response: Obj): unknown[] {
  const arrays = Object.values(response).filter((value): value is unknown[] => Array.isArray(value));
  return arrays.find((value) => value.length > 0) ?? [];
}

/** SearchIndexedObjects: `paginationCookie` + `count` in the body (§0.5). */
export async function searchIndexedObjectsPage(call: RawCall, body: Obj, page: PageRequest, options?: CallOptions): Promise<Page<unknown>> {
  const state = decodeCursor("searchIndexedObjects", page.cursor);
  const count = pageSize(page.limit);
  const response = asObj(await call({ body: { ...body, paginationCookie: state?.c, count } }, options));
  const items = indexedItems(response);
  const cookie = cookieOf(response.paginationCookie);
  return { items, nextCursor: cookie && items.length > 0 ? encodeCursor("searchIndexedObjects", { c: cookie }) : null };
}

/**
 * SearchProtectedObjects has no server-side paging (`subResultSize` only bounds the snapshots listed
 * per object, §0.5), so each page re-reads the filtered list and slices it at the cursor's offset.
 */
export async function protectedObjectsPage(call: RawCall, query: Obj, page: PageRequest, options?: CallOptions): Promise<Page<unknown>> {
  const state = decodeCursor("searchProtectedObjects", page.cursor);
  const offset = typeof state?.o === "number" && state.o >= 0 ? state.o : 0;
  const size = pageSize(page.limit);
  const response = asObj(await call({ query }, options));
  const all = asArray(response.objects);
  const items = all.slice(offset, offset + size);
  const next = offset + size;
  return { items, nextCursor: next < all.length ? encodeCursor("searchProtectedObjects", { o: next }) : null };
}

/** Start (or, with filterByEndTime, end) time of a run in µs — the key the window walks on. */
export function runTimeUsecs(run: unknown, byEndTime: boolean): number | undefined {
  const value = asObj(run);
  const field = byEndTime ? "endTimeUsecs" : "startTimeUsecs";
  for (const info of [value.localBackupInfo, value.originalBackupInfo]) {
    const time = asObj(info)[field];
    if (typeof time === "number") return time;
  }
  // Run ids are `<instance>:<startTimeUsecs>` (reference §0.4 format `\d+:\d+`).
  const id = typeof value.id === "string" ? /^\d+:(\d+)$/.exec(value.id) : null;
  return !byEndTime && id ? Number(id[1]) : undefined;
}

const runId = (run: unknown): string => String(asObj(run).id ?? "");

const RUNS_CAP = 100;

/** µs since the epoch, from the local clock. */
export const nowUsecs = (): number => Date.now() * 1000;

/**
 * GetProtectionGroupRuns pages by time window and `numRuns` (§0.5). Without `startTimeUsecs` the
 * service only looks at the last hour (§Q 23), so we always send one (the caller's, or the start
 * of time) and walk backwards: each next page ends at the oldest run of the previous page. Runs
 * sharing that boundary time were already returned, so the cursor carries their ids to skip.
 */
export async function protectionGroupRunsPage(call: RawCall, groupId: string, query: Obj, page: PageRequest, options?: CallOptions): Promise<Page<unknown>> {
  const state = decodeCursor("protectionGroupRuns", page.cursor);
  const size = pageSize(page.limit);
  const byEndTime = query.filterByEndTime === true;
  const skip = new Set(asArray(state?.s).map(String));
  const endTimeUsecs = typeof state?.e === "number" ? state.e : ((query.endTimeUsecs as number | undefined) ?? nowUsecs());
  // 1 µs rather than 0: a zero start could be read as "not given" and fall back to the last hour.
  const startTimeUsecs = (query.startTimeUsecs as number | undefined) ?? 1;
  const numRuns = size + skip.size;
  const response = asObj(
    await call({ pathParams: { id: groupId }, query: { ...query, startTimeUsecs, endTimeUsecs, numRuns } }, options),
  );
  const received = asArray(response.runs);
  const runs = received
    .filter((run) => !skip.has(runId(run)))
    .sort((a, b) => (runTimeUsecs(b, byEndTime) ?? 0) - (runTimeUsecs(a, byEndTime) ?? 0));
  const items = runs.slice(0, size);
  const oldest = items.at(-1);
  const boundary = oldest === undefined ? undefined : runTimeUsecs(oldest, byEndTime);
  // Fewer runs than asked for means the window is exhausted. The service may cap numRuns at 100
  // (§0.5), so a full 100 is never taken as the end.
  if (received.length < Math.min(numRuns, RUNS_CAP) || boundary === undefined) return { items, nextCursor: null };
  const atBoundary = items.filter((run) => runTimeUsecs(run, byEndTime) === boundary).map(runId);
  const carried = boundary === endTimeUsecs ? [...skip, ...atBoundary] : atBoundary;
  return { items, nextCursor: encodeCursor("protectionGroupRuns", { e: boundary, s: carried }) };
}
