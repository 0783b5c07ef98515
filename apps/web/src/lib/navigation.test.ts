import { describe, expect, it } from "vitest";
import { isActive, navigationFor } from "./navigation.ts";

const hrefs = (role: Parameters<typeof navigationFor>[0], isInstanceAdmin = false) =>
  navigationFor(role, isInstanceAdmin).flatMap((s) => s.items.map((i) => i.href));

describe("navigationFor", () => {
  it("lists Dashboard, the nine areas and Settings for everyone", () => {
    for (const role of ["viewer", "operator", "admin", null] as const) {
      const links = hrefs(role);
      expect(links).toEqual(expect.arrayContaining(["/dashboard", "/sources", "/protection-groups", "/policies", "/runs"]));
      expect(links).toEqual(expect.arrayContaining(["/recoveries", "/connections", "/connectors", "/agents", "/objects", "/settings"]));
    }
  });

  it("shows a workspace admin its workspace's settings, and connections and workspaces to instance admins only", () => {
    const workspaceAdmin = ["/settings/users", "/settings/alerts", "/settings/audit"];
    const instance = ["/settings/upstream-connections", "/settings/workspaces"];
    expect(hrefs("admin")).toEqual(expect.arrayContaining(workspaceAdmin));
    expect(hrefs("admin").filter((h) => instance.includes(h))).toEqual([]);
    expect(hrefs("admin", true)).toEqual(expect.arrayContaining([...workspaceAdmin, ...instance]));
    // An instance admin without admin in the selected workspace reaches the instance pages, not its alerts.
    expect(hrefs("viewer", true)).toEqual(expect.arrayContaining([...instance, "/settings/users", "/settings/audit"]));
    expect(hrefs("viewer", true)).not.toContain("/settings/alerts");
    for (const role of ["viewer", "operator", null] as const) expect(hrefs(role).filter((h) => [...workspaceAdmin, ...instance].includes(h))).toEqual([]);
  });

  it("shows API tokens to every signed-in role", () => {
    for (const role of ["viewer", "operator", "admin"] as const) expect(hrefs(role)).toContain("/settings/api-tokens");
    expect(hrefs(null)).not.toContain("/settings/api-tokens");
  });

  it("highlights parents for sub-pages but Settings only on its own page", () => {
    expect(isActive("/runs", "/runs/123")).toBe(true);
    expect(isActive("/run", "/runs")).toBe(false);
    expect(isActive("/settings", "/settings/users")).toBe(false);
    expect(isActive("/settings/users", "/settings/users")).toBe(true);
  });
});
