import type { ProtectionPolicy } from "@lifeboat/contracts";
import { describe, expect, it } from "vitest";
import { scheduleIntervalMs } from "./probes.ts";

const H = 3_600_000;
const now = new Date("2026-01-05T10:00:00Z");
const policy = (schedule: object, extra: object = {}) =>
  ({ id: "1:1:1", name: "p", backupPolicy: { regular: { incremental: { schedule }, retention: { unit: "Days", duration: 7 } } }, ...extra }) as ProtectionPolicy;

describe("scheduleIntervalMs (the protection.stale yardstick)", () => {
  it("is the policy's longest gap between runs as the engine schedules them", () => {
    expect(scheduleIntervalMs(policy({ unit: "Hours", hourSchedule: { frequency: 6 } }), now)).toBe(6 * H);
    expect(scheduleIntervalMs(policy({ unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday", "Thursday"] } }), now)).toBe(96 * H);
  });

  it("includes the wait of a nightly blackout window", () => {
    const blackoutWindow = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((day) => ({ day, startTime: { hour: 20, minute: 0 }, endTime: { hour: 8, minute: 0 } }));
    // Every 2 h from 10:00: the 18:00 run, then 20:00 … 06:00 wait for the 08:00 one.
    expect(scheduleIntervalMs(policy({ unit: "Hours", hourSchedule: { frequency: 2 } }, { blackoutWindow }), now)).toBe(14 * H);
  });

  it("is null for a schedule it cannot read, so the condition falls back instead of guessing", () => {
    expect(scheduleIntervalMs(policy({ unit: "Fortnights" }), now)).toBeNull();
  });
});
