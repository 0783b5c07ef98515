import { describe, expect, it } from "vitest";
import { hostOf, relativeTime, resticOf } from "./connector-model.ts";

const connected = (message: string) => ({ connectivityStatus: { isConnected: true, message } });

describe("connector model", () => {
  it("reads the host from the engine's status message", () => {
    expect(hostOf(connected("Healthy (host web-1, kLinux Debian 12)"))).toBe("web-1");
    expect(hostOf({})).toBeNull();
  });
  it("tells restic presence from the agent's status", () => {
    expect(resticOf(connected("Healthy (host a, kLinux)"))).toBe("present");
    expect(resticOf(connected("Degraded: restic is not installed on this host (host a, kLinux)"))).toBe("missing");
    expect(resticOf({ connectivityStatus: { isConnected: false, message: "no heartbeat" } })).toBe("unknown");
  });
  it("formats relative times", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(relativeTime(new Date("2026-11-27T11:59:50Z"), now)).toBe("just now");
    expect(relativeTime(new Date("2026-11-27T11:55:00Z"), now)).toBe("5 min ago");
    expect(relativeTime(new Date("2026-11-27T09:00:00Z"), now)).toBe("3 h ago");
    expect(relativeTime(new Date("2026-11-25T12:00:00Z"), now)).toBe("2 days ago");
  });
});
