// fast-check generators of policies, groups and time zones for the property tests: schedules of
// every unit, start times that fall into DST gaps and overlaps, blackout windows (some past
// midnight, some in their own zone), and group creation times a few days around a real DST
// transition of the chosen zone.
import fc from "fast-check";
import { DateTime } from "luxon";
import type { BlackoutWindow, ExtendedRule, GroupClock, PolicyLike, Schedule } from "./types.ts";

export const ZONES = [
  "UTC", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Australia/Lord_Howe", "America/Santiago",
  "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Asia/Tokyo", "Europe/London", "Australia/Sydney",
] as const;
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
const HOUR = 3_600_000;

/** Instants (ms) in 2026–2027 at which `zone`'s UTC offset changes, to the minute. */
function transitions(zone: string): number[] {
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const out: number[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let t = start; t < Date.UTC(2028, 0, 1); t += 6 * HOUR) {
    if (offset(t) === offset(t + 6 * HOUR)) continue;
    let [lo, hi] = [t, t + 6 * HOUR];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}
const TRANSITIONS = new Map<string, number[]>(ZONES.map((z) => [z, transitions(z)]));

export const zoneArb = fc.constantFrom(...ZONES);

/** A creation time within a few days before (or just after) one of the zone's DST transitions. */
export const anchorArb = (zone: string, wholeMinutes = false) => {
  const near = TRANSITIONS.get(zone) ?? [];
  const base = near.length ? fc.constantFrom(...near) : fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) });
  return fc.tuple(base, fc.integer({ min: -4 * 24 * 60, max: 24 * 60 }), fc.integer({ min: 0, max: 59_999 })).map(
    ([t, minutes, ms]) => new Date(Math.floor(t / 60_000) * 60_000 + minutes * 60_000 + (wholeMinutes ? 0 : ms)),
  );
};

export const groupArb = (wholeMinutes = false): fc.Arbitrary<GroupClock> =>
  zoneArb.chain((zone) =>
    fc.record({
      anchor: anchorArb(zone, wholeMinutes),
      // Hours 0–3 are where clocks change; they come up often.
      startTime: fc.record({
        hour: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
        minute: fc.constantFrom(0, 15, 30, 45, 59),
        timeZone: fc.constantFrom(zone, zone, undefined),
      }),
    }),
  );

const weekdays = fc.subarray([...DAYS], { minLength: 1 });

/** Schedules of every unit; `minMinutes` keeps Minutes schedules from making thousands of slots. */
export const scheduleArb = (opts: { full?: boolean; minMinutes?: number } = {}): fc.Arbitrary<Schedule> => {
  const calendar: fc.Arbitrary<Schedule>[] = [
    fc.integer({ min: 1, max: 9 }).map((frequency) => ({ unit: "Days", daySchedule: { frequency } })),
    weekdays.map((dayOfWeek) => ({ unit: "Weeks", weekSchedule: { dayOfWeek } })),
    fc.integer({ min: 1, max: 31 }).map((dayOfMonth) => ({ unit: "Months", monthSchedule: { dayOfMonth } })),
    fc
      .tuple(weekdays, fc.constantFrom("First", "Second", "Third", "Fourth", "Last"))
      .map(([dayOfWeek, weekOfMonth]) => ({ unit: "Months", monthSchedule: { dayOfWeek, weekOfMonth } })),
    fc.constantFrom("First", "Last").map((dayOfYear) => ({ unit: "Years", yearSchedule: { dayOfYear } })),
  ];
  if (opts.full) return fc.oneof(...calendar);
  return fc.oneof(
    fc.integer({ min: opts.minMinutes ?? 5, max: 1440 }).map((frequency) => ({ unit: "Minutes", minuteSchedule: { frequency } })),
    fc.integer({ min: 1, max: 72 }).map((frequency) => ({ unit: "Hours", hourSchedule: { frequency } })),
    ...calendar,
  );
};

const timeArb = fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.constantFrom(0, 10, 30, 59) });
export const blackoutArb = (zone: string | undefined): fc.Arbitrary<BlackoutWindow> =>
  fc
    .record({ day: fc.constantFrom(...DAYS), startTime: timeArb, endTime: timeArb })
    .filter((w) => w.startTime.hour !== w.endTime.hour || w.startTime.minute !== w.endTime.minute)
    .map((w) => ({ ...w, startTime: { ...w.startTime, ...(zone ? { timeZone: zone } : {}) } }));

export const extendedArb: fc.Arbitrary<ExtendedRule> = fc.record(
  {
    schedule: fc.record({ unit: fc.constantFrom("Runs", "Hours", "Days", "Weeks", "Months", "Years"), frequency: fc.integer({ min: 1, max: 4 }) }),
    retention: fc.record({ unit: fc.constantFrom("Days", "Weeks", "Months", "Years"), duration: fc.integer({ min: 1, max: 6 }) }),
    runType: fc.constantFrom("Full", "Regular"),
  },
  { requiredKeys: ["schedule", "retention"] },
);

/** A policy and a group: incremental and full schedules, blackouts, retention, extended retention. */
export const policyAndGroupArb = (opts: { wholeMinutes?: boolean; minMinutes?: number } = {}) =>
  groupArb(opts.wholeMinutes).chain((group) =>
    fc
      .record({
        incremental: fc.option(scheduleArb({ minMinutes: opts.minMinutes ?? 5 }), { nil: undefined }),
        fullBackups: fc.array(scheduleArb({ full: true }), { maxLength: 2 }),
        retention: fc.record({ unit: fc.constantFrom("Days", "Weeks", "Months"), duration: fc.integer({ min: 1, max: 8 }) }),
        blackouts: fc.constantFrom(group.startTime?.timeZone, "Asia/Tokyo", undefined).chain((zone) => fc.array(blackoutArb(zone), { maxLength: 3 })),
        extended: fc.array(extendedArb, { maxLength: 2 }),
      })
      .filter((p) => p.incremental !== undefined || p.fullBackups.length > 0)
      .map(({ incremental, fullBackups, retention, blackouts, extended }) => {
        const policy: PolicyLike = {
          backupPolicy: {
            regular: {
              ...(incremental ? { incremental: { schedule: incremental } } : {}),
              ...(fullBackups.length ? { fullBackups: fullBackups.map((schedule) => ({ schedule, retention: { unit: "Weeks", duration: 2 } })) } : {}),
              retention,
            },
          },
          ...(blackouts.length ? { blackoutWindow: blackouts } : {}),
          ...(extended.length ? { extendedRetention: extended } : {}),
        };
        return { policy, group };
      }),
  );
