import { describe, expect, it } from "vitest";
import { formatDateTime, formatExact } from "./format-time.ts";

describe("time formatting", () => {
  const at = new Date("2026-11-27T13:05:09.123Z");

  it("shows the time in the viewer's zone", () => {
    expect(formatDateTime(at, "Europe/Berlin")).toBe("27 Nov 2026, 14:05:09");
    expect(formatDateTime(at, "America/New_York")).toBe("27 Nov 2026, 08:05:09");
  });

  it("gives the exact instant with zone and UTC for the tooltip", () => {
    const exact = formatExact(at, "Europe/Berlin");
    expect(exact).toContain("14:05:09.123");
    expect(exact).toContain("2026-11-27T13:05:09.123Z");
  });
});
