// Property tests: the forward walk that the portal's preview and next-run line use agrees with the
// engine's scheduler decision (`dueRun`, asked at every sweep) over random policies, time zones and
// group creation times around real DST transitions; the preview's snapshot counts agree with the
// expiry the engine gives each new snapshot.
import fc from "fast-check";
import { DateTime, type DateTimeUnit, type DurationUnit } from "luxon";
import { describe, expect, it } from "vitest";
import { inBlackout } from "./blackout.ts";
import { retentionPreview, runsUntil } from "./preview.ts";
import { extendedKeptUntil, newSnapshotRetention, type SnapshotFact } from "./retention.ts";
import { dueRun, scheduledRuns } from "./runs.ts";
import { latestSlot, slotsAfter, zoneOf } from "./slots.ts";
import { extendedArb, groupArb, policyAndGroupArb, scheduleArb, zoneArb } from "./test-arbitraries.ts";
import { retentionDays } from "./units.ts";
import type { ExtendedRule, GroupClock, PolicyLike, Schedule } from "./types.ts";

// Bounded work, but luxon is slow on a loaded machine: generous per-test limits, no timing asserted.
const LONG = 180_000;

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const usecs = (d: Date) => BigInt(d.getTime()) * 1000n;
/** The failing case is printed with its seed; CI replays the same seeds run after run. */
const params = (numRuns: number) => ({ numRuns, seed: Number(process.env.POLICY_PROPERTY_SEED ?? 20_261_207) });

function take<T>(items: Iterable<T>, until: (item: T) => boolean, max: number): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (until(item) || out.length >= max) break;
    out.push(item);
  }
  return out;
}

const horizonOf = (s: Schedule) => ({ Minutes: 3, Hours: 10, Days: 40, Weeks: 40, Months: 400, Years: 1100 })[s.unit as "Days"] ?? 40;

describe("schedule slots", () => {
  it("walking forward finds exactly the slots the scheduler's look-back finds", () => {
    fc.assert(
      fc.property(groupArb(), scheduleArb({ minMinutes: 20 }), (group, schedule) => {
        const end = new Date(group.anchor.getTime() + horizonOf(schedule) * DAY);
        const slots = take(slotsAfter(schedule, group, group.anchor), (s) => s > end, 400);
        let previous: Date | null = null;
        for (const slot of slots) {
          // Nothing between two slots (the look-back still sees the previous one a moment before)…
          expect(latestSlot(schedule, group, new Date(slot.getTime() - 1))).toEqual(previous);
          // …and the slot itself.
          expect(latestSlot(schedule, group, slot)).toEqual(slot);
          previous = slot;
        }
        if (slots.length < 400) expect(latestSlot(schedule, group, end)).toEqual(previous);
      }),
      params(150),
    );
  }, LONG);
});

/** Every instant from `from` up to (not including) `to` is inside a blackout window. */
function blackedOut(policy: PolicyLike, from: Date, to: Date): boolean {
  for (let t = from.getTime(); t < to.getTime(); t = Math.floor(t / MINUTE) * MINUTE + MINUTE) {
    if (!inBlackout(policy.blackoutWindow, new Date(t))) return false;
  }
  return true;
}

function allSlots(policy: PolicyLike, group: GroupClock, end: Date): Date[] {
  const regular = policy.backupPolicy.regular;
  const schedules = [regular.incremental?.schedule, ...(regular.fullBackups ?? []).map((f) => f.schedule)];
  return schedules.flatMap((s) => take(slotsAfter(s, group, group.anchor), (d) => d > end, 2000)).sort((a, b) => a.getTime() - b.getTime());
}

describe("scheduled runs", () => {
  it("start exactly when the engine's sweep decision first says a run is due, as full or incremental as it says", () => {
    fc.assert(
      fc.property(policyAndGroupArb({ minMinutes: 30 }), ({ policy, group }) => {
        const end = new Date(group.anchor.getTime() + 6 * DAY);
        const runs = take(scheduledRuns(policy, group), (r) => r.at > end, 400);
        const slots = allSlots(policy, group, end);
        let last: Date | null = null;
        for (const run of [...runs, null]) {
          const until = run?.at ?? new Date(end.getTime() + 1);
          // From the first slot after the previous run until this one the engine must be held by a
          // blackout window; before that slot nothing is due (the slots test proves the slots).
          const first = slots.find((s) => s > (last ?? group.anchor));
          if (first && first < until) expect(blackedOut(policy, first, until)).toBe(true);
          // Just before that slot the sweep finds nothing new.
          const before = new Date(Math.min(until.getTime(), first?.getTime() ?? Infinity) - 1);
          if (before > (last ?? group.anchor)) expect(dueRun(policy, group, before, last && usecs(last), last !== null)).toBeNull();
          if (run) {
            expect(dueRun(policy, group, run.at, last && usecs(last), last !== null)).toEqual({ slot: run.slot, full: run.full });
            last = run.at;
          }
        }
      }),
      params(100),
    );
  }, LONG);
});

/** The engine's per-snapshot definition of extended retention before this package (the oracle). */
function engineFallsOnRule(rule: ExtendedRule, snap: SnapshotFact, earlier: SnapshotFact[], zone: string): boolean {
  const matches = (s: SnapshotFact) => rule.runType === undefined || (rule.runType === "Full" ? s.isFull : rule.runType === "Regular" ? !s.isFull : false);
  if (!matches(snap)) return false;
  const every = Math.max(1, rule.schedule.frequency ?? 1);
  const before = earlier.filter((e) => e.timestampUsecs < snap.timestampUsecs && matches(e));
  if (rule.schedule.unit === "Runs") return before.length % every === 0;
  const unit = ({ Hours: "hour", Days: "day", Weeks: "week", Months: "month", Years: "year" } as Record<string, DateTimeUnit>)[rule.schedule.unit]!;
  const start = (u: bigint) => DateTime.fromMillis(Number(u / 1000n), { zone }).startOf(unit);
  const mine = start(snap.timestampUsecs);
  if (before.some((e) => start(e.timestampUsecs).toMillis() === mine.toMillis())) return false;
  const first = before.reduce((min, e) => (e.timestampUsecs < min ? e.timestampUsecs : min), snap.timestampUsecs);
  const units = `${unit}s` as DurationUnit;
  return Math.round(mine.diff(start(first), units).get(units)) % every === 0;
}

describe("retention", () => {
  const snapshotsArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 400 * 24 * 4 }), { minLength: 1, maxLength: 60 })
    .chain((quarters) => fc.tuple(fc.constant(quarters.sort((a, b) => a - b)), fc.array(fc.boolean(), { minLength: quarters.length, maxLength: quarters.length })));

  it("extended retention read in one pass matches the per-snapshot definition", () => {
    fc.assert(
      fc.property(fc.array(extendedArb, { minLength: 1, maxLength: 3 }), zoneArb, snapshotsArb, (rules, zone, [quarters, full]) => {
        const t0 = BigInt(Date.UTC(2026, 2, 1)) * 1000n;
        const snaps = quarters.map((q, i) => ({ timestampUsecs: t0 + BigInt(q) * 900_000_000n, isFull: full[i]! }));
        const oracle = snaps.map((s, i) => {
          const ends = rules.filter((r) => engineFallsOnRule(r, s, snaps.slice(0, i), zone)).map((r) => s.timestampUsecs + BigInt(retentionDays(r.retention)) * 86_400_000_000n);
          return ends.length ? ends.reduce((a, b) => (b > a ? b : a)) : null;
        });
        expect(extendedKeptUntil(rules, snaps, zone)).toEqual(oracle);
      }),
      params(200),
    );
  }, LONG);

  it("the preview counts the snapshots that the engine's expiry of each new snapshot keeps", () => {
    fc.assert(
      fc.property(policyAndGroupArb({ minMinutes: 240 }), ({ policy, group }) => {
        const days = 20;
        const preview = retentionPreview(policy, group, days);
        const runs = runsUntil(policy, group, new Date(group.anchor.getTime() + days * DAY));
        const snaps = runs.map((r) => ({ timestampUsecs: usecs(r.at), isFull: r.full }));
        const expiry = snaps.map((s, i) => newSnapshotRetention(policy, s, snaps.slice(0, i), zoneOf(group.startTime)).expiryTimeUsecs);
        const counts = preview.points.map(({ at }) => snaps.filter((s, i) => s.timestampUsecs <= usecs(at) && (expiry[i] === null || usecs(at) < expiry[i]!)).length);
        expect(preview.points.map((p) => p.count)).toEqual(counts);
        expect(preview.taken).toBe(runs.length);
      }),
      params(60),
    );
  }, LONG);
});
