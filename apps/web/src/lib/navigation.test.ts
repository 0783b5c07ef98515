import { describe, expect, it } from "vitest";
import { isActive, navigationFor } from "./navigation.ts";

const hrefs = (role: Parameters<typeof navigationFor>[0]) => navigationFor(role).flatMap((s) => s.items.map((i) => i.href));

describe("navigationFor", () => {
  it("lists Dashboard, the nine areas and Settings for everyone", () => {
    for (const role of ["viewer", "operator", "admin", null] as const) {
      const links = hrefs(role);
      expect(links).toEqual(expect.arrayContaining(["/dashboard", "/sources", "/protection-groups", "/policies", "/runs"]));
      expect(links).toEqual(expect.arrayContaining(["/recoveries", "/connections", "/connectors", "/agents", "/objects", "/settings"]));
    }
  });

  it("shows the admin settings to admins only", () => {
    const admin = ["/settings/upstream-connections", "/settings/users", "/settings/audit"];
    expect(hrefs("admin")).toEqual(expect.arrayContaining(admin));
    for (const role of ["viewer", "operator", null] as const) expect(hrefs(role).filter((h) => admin.includes(h))).toEqual([]);
  });

  it("shows API tokens to every signed-in role and Workspaces to admins", () => {
    for (const role of ["viewer", "operator", "admin"] as const) expect(hrefs(role)).toContain("/settings/api-tokens");
    expect(hrefs(null)).not.toContain("/settings/api-tokens");
    expect(hrefs("admin")).toContain("/settings/workspaces");
    expect(hrefs("operator")).not.toContain("/settings/workspaces");
  });

  it("highlights parents for sub-pages but Settings only on its own page", () => {
    expect(isActive("/runs", "/runs/123")).toBe(true);
    expect(isActive("/run", "/runs")).toBe(false);
    expect(isActive("/settings", "/settings/users")).toBe(false);
    expect(isActive("/settings/users", "/settings/users")).toBe(true);
  });
});
