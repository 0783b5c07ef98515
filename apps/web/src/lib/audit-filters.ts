// Audit log filters as the form holds them (strings) and as `audit.list` takes them.
export interface AuditFilters {
  procedure: string;
  userId: string;
  outcome: "" | "ok" | "error";
  /** `<input type="datetime-local">` values, in the viewer's own time zone. */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { procedure: "", userId: "", outcome: "", from: "", to: "" };

/** A datetime-local value is wall-clock time of the browser's zone; `new Date` reads it so. */
function localDate(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type AuditQuery =
  | { ok: true; input: { procedure?: string; userId?: string; outcome?: "ok" | "error"; from?: Date; to?: Date } }
  | { ok: false; field: keyof AuditFilters; message: string };

export function toAuditListInput(filters: AuditFilters): AuditQuery {
  const from = localDate(filters.from);
  const to = localDate(filters.to);
  if (filters.from && !from) return { ok: false, field: "from", message: "Not a valid date and time" };
  if (filters.to && !to) return { ok: false, field: "to", message: "Not a valid date and time" };
  if (from && to && from > to) return { ok: false, field: "from", message: "“From” must be before “To”" };
  const procedure = filters.procedure.trim();
  if (procedure.length > 120) return { ok: false, field: "procedure", message: "At most 120 characters" };
  return {
    ok: true,
    input: {
      ...(procedure ? { procedure } : {}),
      ...(filters.userId ? { userId: filters.userId } : {}),
      ...(filters.outcome ? { outcome: filters.outcome } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
  };
}
