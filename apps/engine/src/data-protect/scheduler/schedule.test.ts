import { describe, expect, it } from "vitest";
import type { PolicySpec } from "../../services/policy-validation.ts";
import { inBlackout, latestSlot } from "./schedule.ts";

const at = (iso: string) => new Date(iso);

describe("latestSlot", () => {
  it("steps minute and hour schedules from the anchor", () => {
    const anchor = at("2026-11-27T10:00:00Z");
    expect(latestSlot({ unit: "Minutes", minuteSchedule: { frequency: 15 } }, anchor, at("2026-11-27T10:44:00Z"))).toEqual(at("2026-11-27T10:30:00Z"));
    expect(latestSlot({ unit: "Hours", hourSchedule: { frequency: 4 } }, anchor, at("2026-11-27T14:01:00Z"))).toEqual(at("2026-11-27T14:00:00Z"));
    // The group's creation itself is no slot.
    expect(latestSlot({ unit: "Hours", hourSchedule: { frequency: 4 } }, anchor, at("2026-11-27T13:59:00Z"))).toBeNull();
    expect(latestSlot({ unit: "Hours", hourSchedule: { frequency: 4 } }, anchor, at("2026-11-27T09:00:00Z"))).toBeNull();
  });

  it("places daily and weekly runs at the group's start time", () => {
    const anchor = at("2026-11-20T00:00:00Z");
    expect(latestSlot({ unit: "Days", daySchedule: { frequency: 1 } }, anchor, at("2026-11-27T01:00:00Z"), { hour: 2, minute: 30 })).toEqual(at("2026-11-26T02:30:00Z"));
    // 2026-11-27 is a Friday.
    expect(latestSlot({ unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday"] } }, anchor, at("2026-11-27T12:00:00Z"), { hour: 1, minute: 0 })).toEqual(at("2026-11-23T01:00:00Z"));
  });
});

describe("inBlackout", () => {
  it("matches the day and time window, including windows past midnight", () => {
    const policy = { blackoutWindow: [{ day: "Friday", startTime: { hour: 22, minute: 0 }, endTime: { hour: 2, minute: 0 } }] } as unknown as PolicySpec;
    expect(inBlackout(policy, at("2026-11-27T23:00:00Z"))).toBe(true);
    expect(inBlackout(policy, at("2026-11-27T12:00:00Z"))).toBe(false);
  });
});
