import { describe, expect, it } from "vitest";
import {
  DEFAULT_RECOVERY_FILTERS, DEFAULT_RUN_FILTERS, DEFAULT_RUN_SORT, recoveryFiltersFromParams, recoveryFiltersToSearch, runFiltersFromParams, runFiltersToSearch,
  runSortFromParams,
} from "./run-filters.ts";

describe("filters in the URL", () => {
  it("reads the dashboard's run links and writes them back the same way", () => {
    const f = runFiltersFromParams(new URLSearchParams("status=Failed&window=24h"));
    expect(f).toEqual({ ...DEFAULT_RUN_FILTERS, status: "Failed", window: "24h" });
    expect(runFiltersToSearch(f)).toBe("?status=Failed&window=24h");
    const g = runFiltersFromParams(new URLSearchParams("group=1%3A2%3A3&type=kFull&window=all"));
    expect(g).toEqual({ groupId: "1:2:3", status: "", window: "all", runType: "kFull" });
    expect(runFiltersFromParams(new URLSearchParams(runFiltersToSearch(g)))).toEqual(g);
    expect(runFiltersToSearch(DEFAULT_RUN_FILTERS)).toBe("");
  });

  it("keeps the history's sort in the URL beside the filters, omitting the default", () => {
    const params = new URLSearchParams("status=Failed&sort=bytesWritten&dir=asc");
    expect(runSortFromParams(params)).toEqual({ sort: "bytesWritten", direction: "asc" });
    expect(runFiltersToSearch(runFiltersFromParams(params), runSortFromParams(params))).toBe("?status=Failed&sort=bytesWritten&dir=asc");
    expect(runFiltersToSearch(DEFAULT_RUN_FILTERS, DEFAULT_RUN_SORT)).toBe("");
    expect(runSortFromParams(new URLSearchParams("sort=runId&dir=sideways"))).toEqual(DEFAULT_RUN_SORT);
  });

  it("falls back to the defaults for values it does not know", () => {
    expect(runFiltersFromParams(new URLSearchParams("status=Exploded&window=9y&type=kWeird"))).toEqual(DEFAULT_RUN_FILTERS);
    expect(recoveryFiltersFromParams(new URLSearchParams("status=nope&window=1h"))).toEqual(DEFAULT_RECOVERY_FILTERS);
  });

  it("reads and writes recovery filters", () => {
    const f = recoveryFiltersFromParams(new URLSearchParams("status=Failed&window=24h"));
    expect(f).toEqual({ status: "Failed", window: "24h" });
    expect(recoveryFiltersToSearch(f)).toBe("?status=Failed&window=24h");
    expect(recoveryFiltersToSearch(DEFAULT_RECOVERY_FILTERS)).toBe("");
  });
});
