// The audit log's URL state (lib/list-params.ts) as `audit.list` takes it, or the field that is wrong.
import { auditListParams, type AuditListState } from "@/lib/list-params.ts";

type AuditSort = AuditListState["sort"];
type AuditFilters = AuditListState;
const DEFAULT_SORT = auditListParams.sort.defaultValue;
const DEFAULT_DIRECTION = auditListParams.direction.defaultValue;

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
      ...(filters.sort !== DEFAULT_SORT || filters.direction !== DEFAULT_DIRECTION ? { sort: filters.sort, order: filters.direction } : {}),
    },
  };
}
