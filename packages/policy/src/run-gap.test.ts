import { describe, expect, it } from "vitest";
import { longestRunGapMs } from "./runs.ts";
import type { PolicyLike } from "./types.ts";

const H = 3_600_000;
const D = 24 * H;
const policy = (schedule: object, extra: object = {}): PolicyLike => ({
  backupPolicy: { regular: { incremental: { schedule }, retention: { unit: "Days", duration: 7 } } as PolicyLike["backupPolicy"]["regular"] },
  ...extra,
});
// A Monday, 10:00 UTC.
const NOW = new Date("2026-01-05T10:00:00Z");
const group = { anchor: new Date("2026-01-01T00:00:00Z"), startTime: { hour: 1, minute: 0 } };

describe("longestRunGapMs", () => {
  it("is the interval of a fixed-interval schedule", () => {
    expect(longestRunGapMs(policy({ unit: "Hours", hourSchedule: { frequency: 4 } }), group, NOW)).toBe(4 * H);
    expect(longestRunGapMs(policy({ unit: "Days", daySchedule: { frequency: 1 } }), group, NOW)).toBe(D);
  });

  it("is the longest stretch of a weekly schedule on some days", () => {
    // Monday and Thursday: 3 days, then 4 days.
    expect(longestRunGapMs(policy({ unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday", "Thursday"] } }), group, NOW)).toBe(4 * D);
  });

  it("counts blackout windows the scheduler waits out", () => {
    // Hourly, but never between 22:00 and 06:00 on any day of the week: 22:00's slot waits until 06:00.
    const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const blackoutWindow = days.map((day) => ({ day, startTime: { hour: 22, minute: 0 }, endTime: { hour: 6, minute: 0 } }));
    expect(longestRunGapMs(policy({ unit: "Hours", hourSchedule: { frequency: 1 } }, { blackoutWindow }), group, NOW)).toBe(9 * H);
  });

  it("is null for a policy that runs once", () => {
    expect(longestRunGapMs({ backupPolicy: { regular: { full: { schedule: { unit: "ProtectOnce" } }, retention: { unit: "Days", duration: 7 } } } } as PolicyLike, group, NOW)).toBeNull();
  });
});
