// Audit log filters and sort as the page URL and the form hold them (strings) and as `audit.list`
// takes them. The URL (`/settings/audit?actor=ann&sort=actor&dir=asc`) is the state, so a filtered
// log can be bookmarked and back/forward step through changes.
export const AUDIT_SORTS = ["at", "actor", "procedure"] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];

export interface AuditFilters {
  procedure: string;
  userId: string;
  /** Part of the actor (email or API token name). */
  actor: string;
  outcome: "" | "ok" | "error";
  /** `<input type="datetime-local">` values, in the viewer's own time zone. */
  from: string;
  to: string;
  sort: AuditSort;
  direction: "asc" | "desc";
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { procedure: "", userId: "", actor: "", outcome: "", from: "", to: "", sort: "at", direction: "desc" };

const TEXT_KEYS = ["procedure", "userId", "actor", "from", "to"] as const;
const oneOf = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T => (value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback);

/** Reads the page URL; unknown values fall back to the defaults, over-long ones are cut. */
export function auditFiltersFromParams(params: { get(name: string): string | null }): AuditFilters {
  const f = { ...EMPTY_AUDIT_FILTERS };
  for (const key of TEXT_KEYS) f[key] = (params.get(key) ?? "").slice(0, 254);
  f.outcome = oneOf(["", "ok", "error"], params.get("outcome"), "");
  f.sort = oneOf(AUDIT_SORTS, params.get("sort"), EMPTY_AUDIT_FILTERS.sort);
  f.direction = oneOf(["asc", "desc"], params.get("dir"), EMPTY_AUDIT_FILTERS.direction);
  return f;
}

/** The query string of `f` (leading "?", or "" for the defaults). */
export function auditFiltersToSearch(f: AuditFilters): string {
  const q = new URLSearchParams();
  for (const key of TEXT_KEYS) if (f[key]) q.set(key, f[key]);
  if (f.outcome) q.set("outcome", f.outcome);
  if (f.sort !== EMPTY_AUDIT_FILTERS.sort || f.direction !== EMPTY_AUDIT_FILTERS.direction) {
    q.set("sort", f.sort);
    q.set("dir", f.direction);
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** A datetime-local value is wall-clock time of the browser's zone; `new Date` reads it so. */
function localDate(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type AuditQuery =
  | { ok: true; input: { procedure?: string; userId?: string; actor?: string; outcome?: "ok" | "error"; from?: Date; to?: Date; sort?: AuditSort; order?: "asc" | "desc" } }
  | { ok: false; field: keyof AuditFilters; message: string };

export function toAuditListInput(filters: AuditFilters): AuditQuery {
  const from = localDate(filters.from);
  const to = localDate(filters.to);
  if (filters.from && !from) return { ok: false, field: "from", message: "Not a valid date and time" };
  if (filters.to && !to) return { ok: false, field: "to", message: "Not a valid date and time" };
  if (from && to && from > to) return { ok: false, field: "from", message: "“From” must be before “To”" };
  const procedure = filters.procedure.trim();
  if (procedure.length > 120) return { ok: false, field: "procedure", message: "At most 120 characters" };
  const actor = filters.actor.trim();
  return {
    ok: true,
    input: {
      ...(procedure ? { procedure } : {}),
      ...(filters.userId ? { userId: filters.userId } : {}),
      ...(actor ? { actor } : {}),
      ...(filters.outcome ? { outcome: filters.outcome } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(filters.sort !== EMPTY_AUDIT_FILTERS.sort || filters.direction !== EMPTY_AUDIT_FILTERS.direction ? { sort: filters.sort, order: filters.direction } : {}),
    },
  };
}
