import { describe, expect, it } from "vitest";
import { inBlackout as inWindows } from "./blackout.ts";
import { dueRun as decide } from "./runs.ts";
import { latestOfSlots as latestOf, latestSlot as latest } from "./slots.ts";
import type { PolicyLike, Schedule, StartTime } from "./types.ts";

// The engine's scheduler tests, kept as they were written against its (anchor, now, startTime)
// argument order: these thin adapters are the only change.
type PolicySpec = PolicyLike;
const latestSlot = (s: Schedule, anchor: Date, now: Date, startTime?: StartTime) => latest(s, { anchor, startTime }, now);
const latestOfSlots = (s: (Schedule | undefined)[], anchor: Date, now: Date, startTime?: StartTime) => latestOf(s, { anchor, startTime }, now);
const inBlackout = (p: PolicySpec, now: Date) => inWindows(p.blackoutWindow, now);
const dueRun = (p: PolicySpec, anchor: Date, now: Date, startTime: StartTime | undefined, last: bigint | null, anyRun: boolean) =>
  decide(p, { anchor, startTime }, now, last, anyRun);

const at = (iso: string) => new Date(iso);
const usecs = (iso: string) => BigInt(Date.parse(iso)) * 1000n;

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
    // Every 3 days counted from the creation day (20th): 20, 23, 26, 29.
    expect(latestSlot({ unit: "Days", daySchedule: { frequency: 3 } }, anchor, at("2026-11-28T12:00:00Z"), { hour: 2, minute: 30 })).toEqual(at("2026-11-26T02:30:00Z"));
    // 2026-11-27 is a Friday.
    expect(latestSlot({ unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday"] } }, anchor, at("2026-11-27T12:00:00Z"), { hour: 1, minute: 0 })).toEqual(at("2026-11-23T01:00:00Z"));
    expect(latestSlot({ unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday", "Friday"] } }, anchor, at("2026-11-27T12:00:00Z"), { hour: 1, minute: 0 })).toEqual(at("2026-11-27T01:00:00Z"));
  });

  it("runs monthly on a day of the month, the last day of shorter months for 31", () => {
    const anchor = at("2026-01-01T00:00:00Z");
    const t = { hour: 3, minute: 0 };
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfMonth: 15 } }, anchor, at("2026-11-27T12:00:00Z"), t)).toEqual(at("2026-11-15T03:00:00Z"));
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfMonth: 15 } }, anchor, at("2026-11-15T02:59:00Z"), t)).toEqual(at("2026-10-15T03:00:00Z"));
    // November has 30 days: "31" is the 30th; before it, October's 31st.
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfMonth: 31 } }, anchor, at("2026-11-30T12:00:00Z"), t)).toEqual(at("2026-11-30T03:00:00Z"));
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfMonth: 31 } }, anchor, at("2026-11-27T12:00:00Z"), t)).toEqual(at("2026-10-31T03:00:00Z"));
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfMonth: 30 } }, anchor, at("2026-03-01T12:00:00Z"), t)).toEqual(at("2026-02-28T03:00:00Z"));
  });

  it("runs monthly on the First…Fourth or Last weekday of the month", () => {
    const anchor = at("2026-01-01T00:00:00Z");
    const t = { hour: 1, minute: 0 };
    // November 2026 starts on a Sunday: Tuesdays are the 3rd, 10th, 17th, 24th.
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfWeek: ["Tuesday"], weekOfMonth: "Second" } }, anchor, at("2026-11-27T12:00:00Z"), t)).toEqual(at("2026-11-10T01:00:00Z"));
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfWeek: ["Tuesday"], weekOfMonth: "Fourth" } }, anchor, at("2026-11-27T12:00:00Z"), t)).toEqual(at("2026-11-24T01:00:00Z"));
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfWeek: ["Sunday"], weekOfMonth: "First" } }, anchor, at("2026-11-27T12:00:00Z"), t)).toEqual(at("2026-11-01T01:00:00Z"));
    // Last Friday of November 2026 is the 27th; the day before, it is October's last Friday (30th).
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfWeek: ["Friday"], weekOfMonth: "Last" } }, anchor, at("2026-11-27T12:00:00Z"), t)).toEqual(at("2026-11-27T01:00:00Z"));
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfWeek: ["Friday"], weekOfMonth: "Last" } }, anchor, at("2026-11-26T12:00:00Z"), t)).toEqual(at("2026-10-30T01:00:00Z"));
    // Several days: the latest of them.
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfWeek: ["Monday", "Wednesday"], weekOfMonth: "First" } }, anchor, at("2026-11-27T12:00:00Z"), t)).toEqual(at("2026-11-04T01:00:00Z"));
  });

  it("runs yearly on the first or last day of the year", () => {
    const anchor = at("2025-06-01T00:00:00Z");
    expect(latestSlot({ unit: "Years", yearSchedule: { dayOfYear: "First" } }, anchor, at("2026-11-27T12:00:00Z"), { hour: 0, minute: 15 })).toEqual(at("2026-01-01T00:15:00Z"));
    expect(latestSlot({ unit: "Years", yearSchedule: { dayOfYear: "Last" } }, anchor, at("2026-11-27T12:00:00Z"), { hour: 23, minute: 0 })).toEqual(at("2025-12-31T23:00:00Z"));
    // The first 1 January after the group's creation is 2026's: nothing before it.
    expect(latestSlot({ unit: "Years", yearSchedule: { dayOfYear: "First" } }, anchor, at("2025-12-31T12:00:00Z"))).toBeNull();
  });

  it("keeps calendar schedules at the local wall-clock time across DST changes", () => {
    const anchor = at("2026-01-01T00:00:00Z");
    const berlin = { hour: 1, minute: 30, timeZone: "Europe/Berlin" };
    const daily = { unit: "Days", daySchedule: { frequency: 1 } } as const;
    // CET (+1) before 29 March 2026, CEST (+2) after.
    expect(latestSlot(daily, anchor, at("2026-03-28T12:00:00Z"), berlin)).toEqual(at("2026-03-28T00:30:00Z"));
    expect(latestSlot(daily, anchor, at("2026-03-30T12:00:00Z"), berlin)).toEqual(at("2026-03-29T23:30:00Z"));
    // Spring forward: 02:30 does not exist on 29 March in Berlin; the run moves to 03:30 CEST.
    expect(latestSlot(daily, anchor, at("2026-03-29T12:00:00Z"), { hour: 2, minute: 30, timeZone: "Europe/Berlin" })).toEqual(at("2026-03-29T01:30:00Z"));
    // Fall back: 02:30 happens twice on 25 October; the first one (CEST) runs.
    expect(latestSlot(daily, anchor, at("2026-10-25T12:00:00Z"), { hour: 2, minute: 30, timeZone: "Europe/Berlin" })).toEqual(at("2026-10-25T00:30:00Z"));
    // New York: EDT (-4) until 1 November 2026, EST (-5) after.
    const ny = { hour: 9, minute: 0, timeZone: "America/New_York" };
    expect(latestSlot(daily, anchor, at("2026-10-31T20:00:00Z"), ny)).toEqual(at("2026-10-31T13:00:00Z"));
    expect(latestSlot(daily, anchor, at("2026-11-02T20:00:00Z"), ny)).toEqual(at("2026-11-02T14:00:00Z"));
    // The local day decides: Monday 00:30 in Tokyo is Sunday 15:30 UTC.
    expect(latestSlot({ unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday"] } }, anchor, at("2026-11-23T00:00:00Z"), { hour: 0, minute: 30, timeZone: "Asia/Tokyo" })).toEqual(at("2026-11-22T15:30:00Z"));
    // A monthly run in Los Angeles: 1 March 2026 00:00 PST is 08:00 UTC.
    expect(latestSlot({ unit: "Months", monthSchedule: { dayOfMonth: 1 } }, anchor, at("2026-03-10T00:00:00Z"), { hour: 0, minute: 0, timeZone: "America/Los_Angeles" })).toEqual(at("2026-03-01T08:00:00Z"));
  });

  it("takes the latest of several full schedules", () => {
    const anchor = at("2026-01-01T00:00:00Z");
    const now = at("2026-11-27T12:00:00Z");
    expect(latestOfSlots([undefined, { unit: "Months", monthSchedule: { dayOfMonth: 1 } }, { unit: "Weeks", weekSchedule: { dayOfWeek: ["Sunday"] } }], anchor, now)).toEqual(at("2026-11-22T00:00:00Z"));
    expect(latestOfSlots([undefined], anchor, now)).toBeNull();
  });
});

describe("inBlackout", () => {
  const friday = (extra: object = {}) => ({ blackoutWindow: [{ day: "Friday", startTime: { hour: 22, minute: 0, ...extra }, endTime: { hour: 2, minute: 0 } }] }) as unknown as PolicySpec;

  it("matches the day and time window; a window past midnight runs into the next day", () => {
    expect(inBlackout(friday(), at("2026-11-27T23:00:00Z"))).toBe(true);
    expect(inBlackout(friday(), at("2026-11-27T12:00:00Z"))).toBe(false);
    expect(inBlackout(friday(), at("2026-11-28T01:00:00Z"))).toBe(true); // Saturday 01:00
    expect(inBlackout(friday(), at("2026-11-27T01:00:00Z"))).toBe(false); // Friday 01:00 is Thursday's night
    expect(inBlackout(friday(), at("2026-11-28T02:00:00Z"))).toBe(false);
  });

  it("reads the window in its time zone", () => {
    // Friday 22:00 in Tokyo is Friday 13:00 UTC.
    expect(inBlackout(friday({ timeZone: "Asia/Tokyo" }), at("2026-11-27T13:30:00Z"))).toBe(true);
    expect(inBlackout(friday({ timeZone: "Asia/Tokyo" }), at("2026-11-27T23:00:00Z"))).toBe(false);
  });
});

describe("dueRun", () => {
  const anchor = at("2026-11-01T00:00:00Z");
  const policy = (regular: object, extra: object = {}) => ({ name: "p", backupPolicy: { regular: { retention: { unit: "Days", duration: 7 }, ...regular } }, ...extra }) as unknown as PolicySpec;
  const daily = { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } } };

  it("wants the latest slot once, full when a full slot is newer than the last scheduled run", () => {
    const now = at("2026-11-27T12:00:00Z");
    expect(dueRun(policy(daily), anchor, now, undefined, null, false)).toEqual({ slot: at("2026-11-27T00:00:00Z"), full: false });
    expect(dueRun(policy(daily), anchor, now, undefined, usecs("2026-11-27T00:00:01Z"), true)).toBeNull();
    const withFull = policy({ ...daily, fullBackups: [{ schedule: { unit: "Weeks", weekSchedule: { dayOfWeek: ["Sunday"] } }, retention: { unit: "Weeks", duration: 4 } }] });
    expect(dueRun(withFull, anchor, now, undefined, usecs("2026-11-21T00:00:01Z"), true)).toEqual({ slot: at("2026-11-22T00:00:00Z"), full: true });
    expect(dueRun(withFull, anchor, now, undefined, usecs("2026-11-26T00:00:01Z"), true)).toEqual({ slot: at("2026-11-27T00:00:00Z"), full: false });
  });

  it("holds a due run through a blackout window, and starts ProtectOnce once", () => {
    const blackout = policy(daily, { blackoutWindow: [{ day: "Friday", startTime: { hour: 0, minute: 0 }, endTime: { hour: 13, minute: 0 } }] });
    expect(dueRun(blackout, anchor, at("2026-11-27T12:00:00Z"), undefined, null, false)).toBeNull();
    expect(dueRun(blackout, anchor, at("2026-11-27T13:00:00Z"), undefined, null, false)).toEqual({ slot: at("2026-11-27T00:00:00Z"), full: false });
    const once = policy({ full: { schedule: { unit: "ProtectOnce" } } });
    expect(dueRun(once, anchor, at("2026-11-27T12:00:00Z"), undefined, null, false)).toEqual({ slot: at("2026-11-27T12:00:00Z"), full: true });
    expect(dueRun(once, anchor, at("2026-11-27T12:00:00Z"), undefined, null, true)).toBeNull();
  });
});
