import { describe, expect, it } from "vitest";
import { auditFiltersFromParams, auditFiltersToSearch, EMPTY_AUDIT_FILTERS, toAuditListInput } from "./audit-filters.ts";

describe("toAuditListInput", () => {
  it("sends only the filters that are set", () => {
    expect(toAuditListInput(EMPTY_AUDIT_FILTERS)).toEqual({ ok: true, input: {} });
    const result = toAuditListInput({ ...EMPTY_AUDIT_FILTERS, procedure: " user. ", outcome: "error", from: "2026-11-27T10:00" });
    expect(result.ok && result.input).toEqual({ procedure: "user.", outcome: "error", from: new Date("2026-11-27T10:00") });
  });

  it("sends the actor and a sort other than newest first", () => {
    const result = toAuditListInput({ ...EMPTY_AUDIT_FILTERS, actor: " ann@ ", sort: "actor", direction: "asc" });
    expect(result.ok && result.input).toEqual({ actor: "ann@", sort: "actor", order: "asc" });
  });

  it("keeps filters and sort in the URL, omitting the defaults and ignoring unknown values", () => {
    const f = { ...EMPTY_AUDIT_FILTERS, procedure: "user.", actor: "ann", outcome: "error" as const, from: "2026-11-27T10:00", sort: "procedure" as const, direction: "asc" as const };
    const search = auditFiltersToSearch(f);
    expect(search).toBe("?procedure=user.&actor=ann&from=2026-11-27T10%3A00&outcome=error&sort=procedure&dir=asc");
    expect(auditFiltersFromParams(new URLSearchParams(search))).toEqual(f);
    expect(auditFiltersToSearch(EMPTY_AUDIT_FILTERS)).toBe("");
    expect(auditFiltersFromParams(new URLSearchParams("sort=clientIp&dir=up&outcome=maybe"))).toEqual(EMPTY_AUDIT_FILTERS);
  });

  it("refuses a time range that ends before it starts, on the From field", () => {
    expect(toAuditListInput({ ...EMPTY_AUDIT_FILTERS, from: "2026-11-27T10:00", to: "2026-11-27T09:00" })).toMatchObject({
      ok: false,
      field: "from",
    });
  });

  it("refuses an unreadable date", () => {
    expect(toAuditListInput({ ...EMPTY_AUDIT_FILTERS, to: "yesterday-ish" })).toMatchObject({ ok: false, field: "to" });
  });
});
