import { describe, expect, it } from "vitest";
import { firstOutsideBlackout } from "./blackout.ts";
import { retentionPreview } from "./preview.ts";
import { nextRun, scheduledRuns } from "./runs.ts";
import type { BlackoutWindow, PolicyLike } from "./types.ts";

const policy = (regular: object, extra: object = {}): PolicyLike => ({
  backupPolicy: { regular: { retention: { unit: "Days", duration: 14 }, ...regular } as PolicyLike["backupPolicy"]["regular"] },
  ...extra,
});
const every = (unit: string, frequency: number) => ({ incremental: { schedule: { unit, [`${unit.toLowerCase().replace(/s$/, "")}Schedule`]: { frequency } } } });
const at = (iso: string) => new Date(iso);
const utc = { hour: 0, minute: 0 };
// A Monday, midnight UTC: the group is created then.
const START = at("2026-01-05T00:00:00Z");
const group = { anchor: START, startTime: utc };
/** The first `n` of an endless run sequence. */
const first = <T>(items: Iterator<T>, n: number): T[] => Array.from({ length: n }, () => items.next()).flatMap((r) => (r.done ? [] : [r.value]));

describe("retentionPreview", () => {
  it("daily, keep 14 days: the first run a day after the group exists, 14 kept from day 14 on", () => {
    const p = retentionPreview(policy(every("Days", 1)), group);
    expect(p.taken).toBe(90);
    expect(p.points.slice(0, 3).map((x) => x.count)).toEqual([0, 1, 2]);
    expect(p.points[14]?.count).toBe(14);
    expect(p.points[15]?.count).toBe(14);
    expect(p.atEnd).toBe(14);
    expect(p.peak).toBe(14);
    expect(p.keptUntil?.toISOString()).toBe("2026-04-19T00:00:00.000Z"); // day 90 + 14 days
  });

  it("every 4 hours, keep 14 days: 84 at steady state", () => {
    const p = retentionPreview(policy(every("Hours", 4)), group);
    expect(p.taken).toBe(90 * 6);
    expect(p.atEnd).toBe(84);
  });

  it("weekly on Monday, keep 1 month (30 days), plus the month's first kept for a year (365 days)", () => {
    const p = retentionPreview(
      policy(
        { incremental: { schedule: { unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday"] } } }, retention: { unit: "Months", duration: 1 } },
        { extendedRetention: [{ schedule: { unit: "Months", frequency: 1 }, retention: { unit: "Years", duration: 1 } }] },
      ),
      group,
    );
    // Mondays after Jan 5 up to Apr 5: Jan 12, 19, 26, Feb 2, 9, 16, 23, Mar 2, 9, 16, 23, 30.
    expect(p.taken).toBe(12);
    // At Apr 5: Mar 9, 16, 23, 30 are within 30 days; Jan 12, Feb 2 and Mar 2 (each month's first) are kept for the year.
    expect(p.atEnd).toBe(4 + 3);
    expect(p.keptUntil?.toISOString()).toBe("2027-03-02T00:00:00.000Z");
  });

  it("holds runs in blackout windows until the window ends, as the scheduler does", () => {
    const hourly = policy({ ...every("Hours", 1), retention: { unit: "Days", duration: 1 } });
    const window: BlackoutWindow[] = [{ day: "Monday", startTime: { hour: 22, minute: 0 }, endTime: { hour: 2, minute: 0 } }];
    const open = retentionPreview(hourly, group, 7);
    const blocked = retentionPreview({ ...hourly, blackoutWindow: window }, group, 7);
    // Monday 22:00–02:00: the 22, 23, 0 and 1 o'clock slots go into the 02:00 run.
    expect(open.taken - blocked.taken).toBe(4);
    // A daily 23:00 run falls into the window and starts at 02:00 on Tuesday instead.
    const runs = first(scheduledRuns({ ...policy(every("Days", 1)), blackoutWindow: window }, { anchor: START, startTime: { hour: 23, minute: 0 } }), 2);
    expect(runs.map((r) => [r.at.toISOString(), r.slot.toISOString()])).toEqual([
      ["2026-01-06T02:00:00.000Z", "2026-01-05T23:00:00.000Z"],
      ["2026-01-06T23:00:00.000Z", "2026-01-06T23:00:00.000Z"],
    ]);
  });

  it("runs at the group's local time across a DST change (02:30 Berlin does not exist on 29 March 2026)", () => {
    const runs = scheduledRuns(policy(every("Days", 1)), { anchor: at("2026-03-27T12:00:00Z"), startTime: { hour: 2, minute: 30, timeZone: "Europe/Berlin" } });
    expect(first(runs, 3).map((r) => r.at.toISOString())).toEqual(["2026-03-28T01:30:00.000Z", "2026-03-29T01:30:00.000Z", "2026-03-30T00:30:00.000Z"]);
  });

  it("full runs: the full schedule's slot makes the run full and takes the fullBackups retention", () => {
    const p = policy({
      ...every("Days", 1),
      fullBackups: [{ schedule: { unit: "Weeks", weekSchedule: { dayOfWeek: ["Sunday"] } }, retention: { unit: "Weeks", duration: 8 } }],
    });
    const week = first(scheduledRuns(p, group), 7);
    expect(week.map((r) => r.full)).toEqual([false, false, false, false, false, true, false]); // Jan 11 is a Sunday
    // Daily runs kept 14 days plus every Sunday's full kept 56 days: 14 + 6 Sundays older than 14 days.
    expect(retentionPreview(p, group, 90).atEnd).toBe(14 + 6);
  });

  it("ProtectOnce keeps exactly one snapshot until its retention ends", () => {
    const p = retentionPreview(policy({ ...every("Days", 365), full: { schedule: { unit: "ProtectOnce" } }, retention: { unit: "Weeks", duration: 2 } }), group);
    expect(p.taken).toBe(1);
    expect(p.points[13]?.count).toBe(1);
    expect(p.points[14]?.count).toBe(0);
    expect(p.keptUntil).toBeNull();
  });

  it("counts snapshots kept until deleted when the policy sets no retention", () => {
    const p = retentionPreview({ backupPolicy: { regular: every("Days", 1) } }, group, 10);
    expect([p.atEnd, p.keptForever, p.keptUntil]).toEqual([10, 10, null]);
  });
});

describe("firstOutsideBlackout", () => {
  it("finds the first free minute across a spring-forward gap inside the window", () => {
    // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST. A Sunday 01:00–02:30 window ends at 03:00 CEST.
    const w: BlackoutWindow[] = [{ day: "Sunday", startTime: { hour: 1, minute: 0, timeZone: "Europe/Berlin" }, endTime: { hour: 2, minute: 30 } }];
    expect(firstOutsideBlackout(w, at("2026-03-29T00:10:00Z"))?.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(firstOutsideBlackout(w, at("2026-03-28T23:59:00Z"))?.toISOString()).toBe("2026-03-28T23:59:00.000Z");
  });

  it("chains overlapping windows and gives up on a week with no free minute", () => {
    const w: BlackoutWindow[] = [
      { day: "Monday", startTime: { hour: 8, minute: 0 }, endTime: { hour: 12, minute: 0 } },
      { day: "Monday", startTime: { hour: 11, minute: 0 }, endTime: { hour: 18, minute: 0 } },
    ];
    expect(firstOutsideBlackout(w, at("2026-01-05T09:30:20Z"))?.toISOString()).toBe("2026-01-05T18:00:00.000Z");
    const always = (["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const).map((day) => ({
      day,
      startTime: { hour: 0, minute: 0 },
      endTime: { hour: 23, minute: 59 },
    }));
    expect(firstOutsideBlackout([...always, ...always.map((x) => ({ ...x, startTime: { hour: 23, minute: 59 }, endTime: { hour: 0, minute: 0 } }))], START)).toBeNull();
  });
});

describe("nextRun", () => {
  const now = at("2026-01-07T10:15:00Z"); // a Wednesday
  const every4h = policy(every("Hours", 4));

  it("counts fixed intervals from the group's creation; a slot missed since the last run is due now", () => {
    expect(nextRun({ policy: every4h, createdAt: at("2026-01-01T08:00:00Z"), lastRunAt: at("2026-01-07T08:00:00Z"), now })).toEqual({ kind: "at", at: at("2026-01-07T12:00:00Z"), full: false });
    expect(nextRun({ policy: every4h, createdAt: at("2026-01-01T08:00:00Z"), lastRunAt: at("2026-01-06T08:00:00Z"), now })).toEqual({ kind: "at", at: now, full: false });
    // An upstream that does not say when the group was created: the last run stands in for it.
    expect(nextRun({ policy: every4h, lastRunAt: at("2026-01-07T09:00:00Z"), now })).toEqual({ kind: "at", at: at("2026-01-07T13:00:00Z"), full: false });
  });

  it("does not run a new group at once: its first slot comes after its creation", () => {
    const daily = policy(every("Days", 1));
    expect(nextRun({ policy: daily, createdAt: at("2026-01-07T09:00:00Z"), now })).toEqual({ kind: "at", at: at("2026-01-08T00:00:00Z"), full: false });
    expect(nextRun({ policy: daily, createdAt: at("2026-01-05T09:00:00Z"), now })).toEqual({ kind: "at", at: now, full: false });
  });

  it("finds the next chosen weekday or day of month at the group's start time, in its time zone", () => {
    const weekly = policy({ incremental: { schedule: { unit: "Weeks", weekSchedule: { dayOfWeek: ["Monday", "Wednesday"] } } } });
    const created = at("2026-01-01T00:00:00Z");
    const wed = at("2026-01-07T09:00:00Z");
    expect(nextRun({ policy: weekly, createdAt: created, lastRunAt: wed, startTime: { hour: 22, minute: 30 }, now })).toMatchObject({ at: at("2026-01-07T22:30:00Z") });
    expect(nextRun({ policy: weekly, createdAt: created, lastRunAt: wed, startTime: { hour: 9, minute: 0 }, now })).toMatchObject({ at: at("2026-01-12T09:00:00Z") });
    // Monday 00:30 in Tokyo is Sunday 15:30 UTC.
    expect(nextRun({ policy: weekly, createdAt: created, lastRunAt: wed, startTime: { hour: 0, minute: 30, timeZone: "Asia/Tokyo" }, now })).toMatchObject({
      at: at("2026-01-11T15:30:00Z"),
    });
    const monthly = policy({ incremental: { schedule: { unit: "Months", monthSchedule: { dayOfMonth: 1 } } } });
    expect(nextRun({ policy: monthly, createdAt: created, lastRunAt: at("2026-01-01T00:00:00Z"), now })).toMatchObject({ at: at("2026-02-01T00:00:00Z") });
  });

  it("reports paused groups, protect-once policies and unknown policies without a time", () => {
    expect(nextRun({ policy: every4h, isPaused: true, now })).toEqual({ kind: "paused" });
    const once = policy({ full: { schedule: { unit: "ProtectOnce" } } });
    expect(nextRun({ policy: once, lastRunAt: at("2026-01-07T09:00:00Z"), now })).toEqual({ kind: "none", reason: "protect once: no further runs" });
    expect(nextRun({ policy: once, createdAt: at("2026-01-07T09:00:00Z"), now })).toEqual({ kind: "at", at: now, full: true });
    expect(nextRun({ policy: null, now })).toEqual({ kind: "none", reason: "policy unknown" });
  });
});
