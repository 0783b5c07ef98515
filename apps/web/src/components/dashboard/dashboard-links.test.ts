// The dashboard's tile links land on lists filtered as the tiles count: each link is read back with
// the list's own parser map (lib/list-params.ts), as the page reads it.
import { createLoader } from "nuqs";
import { describe, expect, it } from "vitest";
import { objectListKeys, objectListParams, recoveryListParams, runListKeys, runListParams } from "@/lib/list-params.ts";
import { dashboardLinks as links } from "./dashboard-links.ts";

const runs = createLoader(runListParams, { urlKeys: runListKeys });
const at = (href: string) => new URL(href, "http://portal.test");
const path = (href: string) => at(href).pathname;

describe("dashboard tile links", () => {
  it("open the runs monitor and recoveries on the tile's status and the last 24 hours", () => {
    expect(path(links.runs("Failed"))).toBe("/runs");
    expect(runs(at(links.runs("Failed")))).toMatchObject({ status: "Failed", window: "24h" });
    expect(runs(at(links.runs()))).toMatchObject({ status: "", window: "24h" });
    expect(runs(at(links.runningNow))).toMatchObject({ status: "Running", window: "all" });
    expect(createLoader(recoveryListParams)(at(links.recoveries("Failed")))).toEqual({ status: "Failed", window: "24h" });
  });

  it("open objects filtered to the unprotected ones, and connectors to the disconnected ones", () => {
    expect(createLoader(objectListParams, { urlKeys: objectListKeys })(at(links.unprotectedObjects))).toEqual({ search: "", environment: "", protection: "unprotected" });
    expect(links.disconnectedConnectors).toBe("/connectors?status=disconnected");
    expect(links.run("1:2:3", "4:5")).toBe("/runs/1%3A2%3A3/4%3A5");
  });
});
