import { describe, expect, it } from "vitest";
import { EMPTY_OBJECT_FILTERS, objectFiltersQuery, parseObjectFilters, sameObjectFilters } from "./object-filters.ts";

describe("object filters in the URL", () => {
  it("reads the dashboard's protection link", () => {
    expect(parseObjectFilters(new URLSearchParams("protection=unprotected"))).toEqual({ search: "", environment: "", protection: "unprotected" });
  });

  it("ignores unknown values instead of sending them to the BFF", () => {
    expect(parseObjectFilters(new URLSearchParams("protection=maybe&environment=kVMware"))).toEqual(EMPTY_OBJECT_FILTERS);
  });

  it("round-trips every filter and writes nothing for the defaults", () => {
    const f = { search: "web*", environment: "kSQL", protection: "protected" } as const;
    const q = objectFiltersQuery(f);
    expect(q).toBe("q=web*&environment=kSQL&protection=protected");
    expect(parseObjectFilters(new URLSearchParams(q))).toEqual(f);
    expect(objectFiltersQuery(EMPTY_OBJECT_FILTERS)).toBe("");
  });

  it("compares filters by what they send (surrounding spaces do not count)", () => {
    expect(sameObjectFilters({ ...EMPTY_OBJECT_FILTERS, search: " db " }, { ...EMPTY_OBJECT_FILTERS, search: "db" })).toBe(true);
    expect(sameObjectFilters(EMPTY_OBJECT_FILTERS, { ...EMPTY_OBJECT_FILTERS, protection: "protected" })).toBe(false);
  });
});
