import { describe, expect, it } from "vitest";
import { hostOf, relativeTime, resticOf } from "@/lib/connector-model.ts";

describe("connector model", () => {
  it("reads the host from the hostName field only, never from the status text", () => {
    expect(hostOf({ hostName: "web-1" })).toBe("web-1");
    expect(hostOf({ connectivityStatus: { isConnected: true, message: "Healthy (host web-1, kLinux Debian 12)" } })).toBeNull();
    expect(hostOf({ hostName: 42 })).toBeNull();
    expect(hostOf({})).toBeNull();
  });
  it("tells restic presence from the resticVersion field", () => {
    expect(resticOf({ resticVersion: "0.14.0" })).toEqual({ state: "present", version: "0.14.0" });
    expect(resticOf({ resticVersion: "" })).toEqual({ state: "missing" });
    expect(resticOf({ connectivityStatus: { isConnected: true, message: "Degraded: restic is not installed" } })).toEqual({ state: "unknown" });
  });
  it("formats relative times", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(relativeTime(new Date("2026-11-27T11:59:50Z"), now)).toBe("just now");
    expect(relativeTime(new Date("2026-11-27T11:55:00Z"), now)).toBe("5 min ago");
    expect(relativeTime(new Date("2026-11-27T09:00:00Z"), now)).toBe("3 h ago");
    expect(relativeTime(new Date("2026-11-25T12:00:00Z"), now)).toBe("2 days ago");
  });
});
