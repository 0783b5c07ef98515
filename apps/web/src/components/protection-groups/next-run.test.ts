import { describe, expect, it } from "vitest";
import { nextRun } from "./next-run.ts";

const policy = (schedule: object) => ({ backupPolicy: { regular: { incremental: { schedule }, retention: { unit: "Days", duration: 7 } } } }) as never;
const now = new Date("2026-01-07T10:15:00Z"); // a Wednesday

describe("nextRun", () => {
  it("adds the interval to the last run, skipping intervals already past", () => {
    const every4h = policy({ unit: "Hours", hourSchedule: { frequency: 4 } });
    expect(nextRun({ policy: every4h, lastRunAt: new Date("2026-01-07T08:00:00Z"), now })).toEqual({ kind: "at", at: new Date("2026-01-07T12:00:00Z") });
    expect(nextRun({ policy: every4h, lastRunAt: new Date("2026-01-06T08:00:00Z"), now })).toEqual({ kind: "at", at: new Date("2026-01-07T12:00:00Z") });
  });

  it("is due now when a frequency schedule has never run", () => {
    expect(nextRun({ policy: policy({ unit: "Days", daySchedule: { frequency: 1 } }), now })).toEqual({ kind: "at", at: now });
  });

  it("finds the next chosen weekday or day of month at the group's start time", () => {
    const weekly = policy({ unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday", "Wednesday"] } });
    expect(nextRun({ policy: weekly, startTime: { hour: 22, minute: 30 }, now })).toEqual({ kind: "at", at: new Date("2026-01-07T22:30:00Z") });
    expect(nextRun({ policy: weekly, startTime: { hour: 9, minute: 0 }, now })).toEqual({ kind: "at", at: new Date("2026-01-12T09:00:00Z") });
    const monthly = policy({ unit: "Months", monthSchedule: { dayOfMonth: 1 } });
    expect(nextRun({ policy: monthly, now })).toEqual({ kind: "at", at: new Date("2026-02-01T00:00:00Z") });
  });

  it("reports paused groups and protect-once policies without a time", () => {
    expect(nextRun({ policy: policy({ unit: "Days", daySchedule: { frequency: 1 } }), isPaused: true, now })).toEqual({ kind: "paused" });
    const once = { backupPolicy: { regular: { full: { schedule: { unit: "ProtectOnce" } } } } } as never;
    expect(nextRun({ policy: once, now })).toEqual({ kind: "none", reason: "protect once: no further runs" });
  });
});
