import { describe, expect, it } from "vitest";
import { EMPTY_AUDIT_FILTERS, toAuditListInput } from "./audit-filters.ts";

describe("toAuditListInput", () => {
  it("sends only the filters that are set", () => {
    expect(toAuditListInput(EMPTY_AUDIT_FILTERS)).toEqual({ ok: true, input: {} });
    const result = toAuditListInput({ ...EMPTY_AUDIT_FILTERS, procedure: " user. ", outcome: "error", from: "2026-11-27T10:00" });
    expect(result.ok && result.input).toEqual({ procedure: "user.", outcome: "error", from: new Date("2026-11-27T10:00") });
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
