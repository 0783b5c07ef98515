// The monitor's filters and the `protectionGroup.run.list` filter they become. The upstream
// searches only the last hour unless a start time is given (§Q 23), so "any time" sends 1 µs.
import type { RouterInputs } from "@/trpc/types.ts";

export const RUN_STATUSES = ["Running", "Accepted", "Paused", "Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Missed", "Skipped"] as const;
export const TIME_WINDOWS = { "24h": 24 * 3600_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, all: null } as const;

export interface RunFilters {
  groupId: string;
  status: "" | (typeof RUN_STATUSES)[number];
  window: keyof typeof TIME_WINDOWS;
  runType: "" | "kFull" | "kIncremental";
}

export const DEFAULT_RUN_FILTERS: RunFilters = { groupId: "", status: "", window: "7d", runType: "" };

export type RunListFilter = NonNullable<RouterInputs["protectionGroup"]["run"]["list"]["filter"]>;

export function toRunListFilter(f: RunFilters, now = Date.now()): RunListFilter {
  const span = TIME_WINDOWS[f.window];
  return {
    startTimeUsecs: span === null ? 1 : (now - span) * 1000,
    ...(f.status ? { localBackupRunStatus: [f.status] } : {}),
    ...(f.runType ? { runTypes: [f.runType] } : {}),
  };
}

const WINDOWS = Object.keys(TIME_WINDOWS) as (keyof typeof TIME_WINDOWS)[];
const RUN_TYPES = ["kFull", "kIncremental"] as const;
const oneOf = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T => (value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback);

/** Reads the monitor's filters from the page URL (`/runs?status=Failed&window=24h`, dashboard links); unknown values fall back to the defaults. */
export function runFiltersFromParams(params: { get(name: string): string | null }): RunFilters {
  const group = params.get("group") ?? "";
  return {
    groupId: group.length <= 200 ? group : "",
    status: oneOf(["", ...RUN_STATUSES], params.get("status"), DEFAULT_RUN_FILTERS.status),
    window: oneOf(WINDOWS, params.get("window"), DEFAULT_RUN_FILTERS.window),
    runType: oneOf(["", ...RUN_TYPES], params.get("type"), DEFAULT_RUN_FILTERS.runType),
  };
}

/** The history's sort columns (`protectionGroup.run.history`), as the URL spells them (`?sort=duration&dir=asc`). */
export const RUN_SORTS = ["startedAt", "endedAt", "duration", "bytesWritten", "status", "groupName"] as const;
export interface RunSort {
  sort: (typeof RUN_SORTS)[number];
  direction: "asc" | "desc";
}
export const DEFAULT_RUN_SORT: RunSort = { sort: "startedAt", direction: "desc" };

export function runSortFromParams(params: { get(name: string): string | null }): RunSort {
  return {
    sort: oneOf(RUN_SORTS, params.get("sort"), DEFAULT_RUN_SORT.sort),
    direction: oneOf(["asc", "desc"] as const, params.get("dir"), DEFAULT_RUN_SORT.direction),
  };
}

/** The query string of `f` (leading "?", or "" for the defaults), so a filtered page can be linked and bookmarked. */
export function runFiltersToSearch(f: RunFilters, sort: RunSort = DEFAULT_RUN_SORT): string {
  const q = new URLSearchParams();
  if (f.groupId) q.set("group", f.groupId);
  if (f.status) q.set("status", f.status);
  if (f.window !== DEFAULT_RUN_FILTERS.window) q.set("window", f.window);
  if (f.runType) q.set("type", f.runType);
  if (sort.sort !== DEFAULT_RUN_SORT.sort || sort.direction !== DEFAULT_RUN_SORT.direction) {
    q.set("sort", sort.sort);
    q.set("dir", sort.direction);
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

export const RECOVERY_STATUSES = ["Running", "Accepted", "Succeeded", "SucceededWithWarning", "Failed", "Canceled"] as const;

export interface RecoveryFilters {
  status: "" | (typeof RECOVERY_STATUSES)[number];
  window: keyof typeof TIME_WINDOWS;
}

export const DEFAULT_RECOVERY_FILTERS: RecoveryFilters = { status: "", window: "30d" };

/** `/recoveries?status=Failed&window=24h` → the list's filters (unknown values → defaults). */
export function recoveryFiltersFromParams(params: { get(name: string): string | null }): RecoveryFilters {
  return {
    status: oneOf(["", ...RECOVERY_STATUSES], params.get("status"), DEFAULT_RECOVERY_FILTERS.status),
    window: oneOf(WINDOWS, params.get("window"), DEFAULT_RECOVERY_FILTERS.window),
  };
}

export function recoveryFiltersToSearch(f: RecoveryFilters): string {
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.window !== DEFAULT_RECOVERY_FILTERS.window) q.set("window", f.window);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export type RecoveryListFilter = NonNullable<RouterInputs["recovery"]["list"]["filter"]>;

/** The `recovery.list` filter: recoveries started within the window, of the chosen status. */
export function toRecoveryListFilter(f: RecoveryFilters, now = Date.now()): RecoveryListFilter {
  const span = TIME_WINDOWS[f.window];
  return { ...(span === null ? {} : { startTimeUsecs: (now - span) * 1000 }), ...(f.status ? { status: [f.status] } : {}) };
}
