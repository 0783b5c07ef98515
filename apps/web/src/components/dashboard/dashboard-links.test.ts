// The dashboard's tile links must land on lists filtered as the tiles count: each link is read
// back with the list's own URL parser (runs/recoveries: run-filters.ts, objects: object-filters.ts),
// so a renamed parameter fails here instead of silently showing an unfiltered list.
import { describe, expect, it } from "vitest";
import { parseObjectFilters } from "@/components/objects/object-filters.ts";
import { recoveryFiltersFromParams, runFiltersFromParams } from "@/components/runs/run-filters.ts";
import { dashboardLinks as links } from "./dashboard-links.ts";

const params = (href: string) => new URL(href, "http://portal.test").searchParams;
const path = (href: string) => new URL(href, "http://portal.test").pathname;

describe("dashboard tile links", () => {
  it("open the runs monitor on the tile's status and the last 24 hours", () => {
    expect(path(links.runs("Failed"))).toBe("/runs");
    expect(runFiltersFromParams(params(links.runs("Failed")))).toMatchObject({ status: "Failed", window: "24h" });
    expect(runFiltersFromParams(params(links.runs()))).toMatchObject({ status: "", window: "24h" });
    expect(runFiltersFromParams(params(links.runs(undefined, "7d")))).toMatchObject({ window: "7d" });
    expect(runFiltersFromParams(params(links.runningNow))).toMatchObject({ status: "Running", window: "all" });
  });

  it("open recoveries on the tile's status and the last 24 hours", () => {
    expect(path(links.recoveries("Failed"))).toBe("/recoveries");
    expect(recoveryFiltersFromParams(params(links.recoveries("Failed")))).toEqual({ status: "Failed", window: "24h" });
    expect(recoveryFiltersFromParams(params(links.recoveries()))).toEqual({ status: "", window: "24h" });
  });

  it("open objects filtered to the unprotected ones, and connectors to the disconnected ones", () => {
    expect(path(links.unprotectedObjects)).toBe("/objects");
    expect(parseObjectFilters(params(links.unprotectedObjects))).toEqual({ search: "", environment: "", protection: "unprotected" });
    expect(params(links.disconnectedConnectors).get("status")).toBe("disconnected");
  });

  it("link a running run to its detail route", () => {
    expect(links.run("1:2:3", "4:5")).toBe("/runs/1%3A2%3A3/4%3A5");
  });
});
