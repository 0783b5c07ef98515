import { describe, expect, it } from "vitest";
import { quietHoursEnd, QuietHoursSchema } from "./quiet-hours.ts";

describe("quietHoursEnd", () => {
  const night = { start: "22:00", end: "07:00", timeZone: "Europe/Berlin" };
  it("holds a notification due inside quiet hours (across midnight, in the zone) until they end", () => {
    // 23:30 in Berlin (UTC+1 in December) → 07:00 Berlin = 06:00 UTC.
    expect(quietHoursEnd(night, new Date("2026-12-07T22:30:00Z")).toISOString()).toBe("2026-12-08T06:00:00.000Z");
    expect(quietHoursEnd(night, new Date("2026-12-08T05:15:30Z")).toISOString()).toBe("2026-12-08T06:00:00.000Z");
  });
  it("lets it go at once outside quiet hours or without them", () => {
    const noon = new Date("2026-12-07T11:00:00Z");
    expect(quietHoursEnd(night, noon)).toEqual(noon);
    expect(quietHoursEnd(null, noon)).toEqual(noon);
  });
  it("refuses unknown time zones and malformed times, naming the problem", () => {
    expect(QuietHoursSchema.safeParse({ ...night, timeZone: "Mars/Olympus" }).error?.issues[0]?.message).toContain("Unknown time zone");
    expect(QuietHoursSchema.safeParse({ ...night, start: "25:00" }).error?.issues[0]?.message).toBe("Use HH:MM (24 h)");
  });
});
