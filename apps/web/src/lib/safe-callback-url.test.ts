import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url.ts";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths, including the path of an absolute URL", () => {
    expect(safeCallbackUrl("/runs?status=failed")).toBe("/runs?status=failed");
    expect(safeCallbackUrl("http://portal.example/settings/users")).toBe("/settings/users");
  });

  it("refuses what could leave the site or loop", () => {
    expect(safeCallbackUrl("//evil.example/x")).toBe("/dashboard");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/dashboard");
    expect(safeCallbackUrl("javascript:alert(1)")).toBe("/dashboard");
    expect(safeCallbackUrl("/signin?callbackUrl=/x")).toBe("/dashboard");
    expect(safeCallbackUrl("/api/auth/signout")).toBe("/dashboard");
    expect(safeCallbackUrl(undefined)).toBe("/dashboard");
  });
});
