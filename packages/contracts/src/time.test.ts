import { describe, expect, it } from "vitest";
import { dateToMsecs, dateToSecs, dateToUsecs, msecsToDate, secsToDate, usecsToDate } from "./time.ts";

describe("time helpers (§0.4, §Q 16)", () => {
  const date = new Date("2026-11-27T11:44:44.123Z");

  it("round-trips a Date through microseconds, milliseconds and (whole) seconds", () => {
    expect(dateToUsecs(date)).toBe(1_795_779_884_123_000);
    expect(usecsToDate(dateToUsecs(date))).toEqual(date);
    expect(msecsToDate(dateToMsecs(date))).toEqual(date);
    expect(dateToSecs(date)).toBe(1_795_779_884);
    expect(secsToDate(dateToSecs(date))).toEqual(new Date("2026-11-27T11:44:44.000Z"));
  });

  it("round-trips microsecond values that are whole milliseconds, and truncates the rest", () => {
    expect(dateToUsecs(usecsToDate(1_709_812_345_678_000))).toBe(1_709_812_345_678_000);
    expect(dateToUsecs(usecsToDate(1_709_812_345_678_999))).toBe(1_709_812_345_678_000);
  });

  it("rejects non-finite numbers and invalid dates with a clear error", () => {
    expect(() => usecsToDate(Number.NaN)).toThrow("usecs must be a finite number, got NaN");
    expect(() => dateToUsecs(new Date("not a date"))).toThrow("expected a valid Date");
  });
});
