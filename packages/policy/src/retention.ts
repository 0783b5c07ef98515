// How long a snapshot is kept (reference §M.2 Retention, DataLockConfig, ExtendedRetentionPolicy).
//
// Regular retention: the snapshot's time plus the retention (full runs take the first
// `fullBackups` entry's retention when there is one). DataLock: locked until its time plus the lock
// period. Units are fixed lengths (units.ts).
//
// Extended retention keeps some snapshots longer — e.g. `{schedule: {unit: "Weeks", frequency: 1},
// retention: {unit: "Weeks", duration: 4}}` keeps the first snapshot of every week for 4 weeks while
// daily ones go after 7 days. A snapshot falls on a rule when:
// - `runType` (when set) matches its run: `Full` → full runs, `Regular` → incremental runs (other
//   run types do not exist for file backups and match nothing);
// - unit Runs: it is the 1st, (N+1)th, (2N+1)th … snapshot of its object in the group;
// - units Hours/Days/Weeks/Months/Years: it is the first snapshot of its object in the group within
//   its calendar period (weeks start on Monday; periods in the group's time zone), and that period is
//   the 1st, (N+1)th … counted from the period of the object's first snapshot.
// Snapshots the rule's runType excludes are not counted. The longest of the matching rules wins, and
// only ever lengthens the regular expiry.
import { DateTime, type DateTimeUnit, type DurationUnit } from "luxon";
import { EXTENDED_UNITS, PolicyUnitError, retentionUsecs } from "./units.ts";
import type { ExtendedRule, PolicyLike, RetentionLike } from "./types.ts";

export interface SnapshotFact {
  timestampUsecs: bigint;
  isFull: boolean;
}

export interface SnapshotRetention {
  /** Null: kept until deleted (the policy sets no retention). */
  expiryTimeUsecs: bigint | null;
  dataLockUntilUsecs: bigint | null;
  dataLockMode: string | null;
}

/** The retention that applies to a snapshot of a full (or incremental) run. */
export function retentionFor(policy: PolicyLike, full: boolean): RetentionLike | undefined {
  const regular = policy.backupPolicy?.regular;
  return (full ? regular?.fullBackups?.[0]?.retention : undefined) ?? regular?.retention;
}

/** Expiry and lock of a snapshot taken at `timestampUsecs` by a full or incremental run. */
export function snapshotRetention(policy: PolicyLike, snap: SnapshotFact): SnapshotRetention {
  const r = retentionFor(policy, snap.isFull);
  if (!r) return { expiryTimeUsecs: null, dataLockUntilUsecs: null, dataLockMode: null };
  const lock = r.dataLockConfig;
  return {
    expiryTimeUsecs: snap.timestampUsecs + retentionUsecs(r),
    dataLockUntilUsecs: lock ? snap.timestampUsecs + retentionUsecs(lock) : null,
    dataLockMode: lock?.mode ?? null,
  };
}

const PERIOD: Record<string, [DateTimeUnit, DurationUnit]> = {
  Hours: ["hour", "hours"],
  Days: ["day", "days"],
  Weeks: ["week", "weeks"],
  Months: ["month", "months"],
  Years: ["year", "years"],
};

function matchesRunType(rule: ExtendedRule, s: SnapshotFact): boolean {
  if (rule.runType === undefined) return true;
  if (rule.runType === "Full") return s.isFull;
  if (rule.runType === "Regular") return !s.isFull;
  return false;
}

/** One rule read over snapshots in time order: whether each falls on it. */
function ruleCursor(rule: ExtendedRule, zone: string) {
  const every = Math.max(1, rule.schedule.frequency ?? 1);
  const period = rule.schedule.unit === "Runs" ? null : PERIOD[rule.schedule.unit];
  if (period === undefined) throw new PolicyUnitError(rule.schedule.unit, EXTENDED_UNITS, "extended retention unit");
  let counted = 0;
  let first: DateTime | null = null;
  let lastPeriodMs: number | null = null;
  return (s: SnapshotFact): boolean => {
    if (!matchesRunType(rule, s)) return false;
    counted++;
    if (period === null) return (counted - 1) % every === 0;
    const [unit, units] = period;
    const mine = DateTime.fromMillis(Number(s.timestampUsecs / 1000n), { zone }).startOf(unit);
    first ??= mine;
    const seen = lastPeriodMs === mine.toMillis();
    lastPeriodMs = mine.toMillis();
    if (seen) return false;
    return Math.round(mine.diff(first, units).get(units)) % every === 0;
  };
}

/**
 * Until when extended retention keeps each of an object's snapshots in a group (µs), or null where
 * no rule applies. `snapshots` are in time order, each time at most once (run start times are unique
 * within a group); `zone` is the group's time zone.
 */
export function extendedKeptUntil(rules: readonly ExtendedRule[] | undefined, snapshots: readonly SnapshotFact[], zone = "UTC"): (bigint | null)[] {
  const cursors = (rules ?? []).map((rule) => ({ rule, falls: ruleCursor(rule, zone) }));
  return snapshots.map((s) => {
    let until: bigint | null = null;
    for (const { rule, falls } of cursors) {
      if (!falls(s)) continue;
      const end = s.timestampUsecs + retentionUsecs(rule.retention);
      if (until === null || end > until) until = end;
    }
    return until;
  });
}

/** The extended-retention end of `snap` given the object's earlier snapshots in the group (any order). */
export function extendedExpiryUsecs(rules: readonly ExtendedRule[] | undefined, snap: SnapshotFact, earlier: readonly SnapshotFact[], zone = "UTC"): bigint | null {
  if (!rules?.length) return null;
  const before = earlier.filter((e) => e.timestampUsecs < snap.timestampUsecs).sort((a, b) => (a.timestampUsecs < b.timestampUsecs ? -1 : 1));
  return extendedKeptUntil(rules, [...before, snap], zone).at(-1) ?? null;
}

/** A new snapshot's expiry and lock: regular retention, lengthened by extended retention. */
export function newSnapshotRetention(policy: PolicyLike, snap: SnapshotFact, earlier: readonly SnapshotFact[], zone = "UTC"): SnapshotRetention {
  const regular = snapshotRetention(policy, snap);
  const extended = extendedExpiryUsecs(policy.extendedRetention, snap, earlier, zone);
  if (extended !== null && regular.expiryTimeUsecs !== null && extended > regular.expiryTimeUsecs) regular.expiryTimeUsecs = extended;
  return regular;
}
