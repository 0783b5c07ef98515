// Extended retention (reference §M.2 ExtendedRetentionPolicy): some snapshots are kept longer
// than the regular retention — e.g. `{schedule: {unit: "Weeks", frequency: 1}, retention: {unit:
// "Weeks", duration: 4}}` keeps the first snapshot of every week for 4 weeks while daily ones go
// after 7 days. Pure functions; retention.ts applies them before it expires a snapshot.
//
// A snapshot falls on a rule when:
// - `runType` (when set) matches its run: `Full` → full runs, `Regular` → incremental runs (other
//   run types do not exist for file backups and match nothing);
// - unit Runs: it is the 1st, (N+1)th, (2N+1)th … snapshot of its object in the group;
// - units Hours/Days/Weeks/Months/Years: it is the first snapshot of its object in the group within
//   its calendar period (weeks start on Monday; periods in `zone`, the group's time zone), and that
//   period is the 1st, (N+1)th … counted from the period of the object's first snapshot.
// Snapshots the rule's runType excludes are not counted. The kept-until time is the snapshot's
// time plus the rule's retention (Days 1, Weeks 7, Months 30, Years 365 days, as for regular
// retention); the longest of the matching rules wins.
import { DateTime, type DateTimeUnit, type DurationUnit } from "luxon";
import type { EngineDb } from "../../db.ts";
import { retentionDays } from "./validation.ts";

export interface ExtendedRule {
  schedule: { unit: string; frequency?: number };
  retention: { unit: string; duration: number };
  runType?: string;
}

export interface SnapshotFact {
  timestampUsecs: bigint;
  isFull: boolean;
}

const DAY_USECS = 86_400_000_000n;
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

/** Start of the calendar period (luxon weeks start on Monday) holding `usecs`, in `zone`. */
function periodStart(usecs: bigint, unit: DateTimeUnit, zone: string): DateTime {
  return DateTime.fromMillis(Number(usecs / 1000n), { zone }).startOf(unit);
}

/** Whether `snap` falls on `rule`, given the object's earlier snapshots in the group (any order). */
export function fallsOnRule(rule: ExtendedRule, snap: SnapshotFact, earlier: SnapshotFact[], zone = "UTC"): boolean {
  if (!matchesRunType(rule, snap)) return false;
  const every = Math.max(1, rule.schedule.frequency ?? 1);
  const before = earlier.filter((e) => e.timestampUsecs < snap.timestampUsecs && matchesRunType(rule, e));
  if (rule.schedule.unit === "Runs") return before.length % every === 0;
  const period = PERIOD[rule.schedule.unit];
  if (!period) return false;
  const [unit, units] = period;
  const mine = periodStart(snap.timestampUsecs, unit, zone);
  if (before.some((e) => periodStart(e.timestampUsecs, unit, zone).toMillis() === mine.toMillis())) return false;
  if (every === 1) return true;
  const firstUsecs = before.reduce((min, e) => (e.timestampUsecs < min ? e.timestampUsecs : min), snap.timestampUsecs);
  const periods = Math.round(mine.diff(periodStart(firstUsecs, unit, zone), units).get(units));
  return periods % every === 0;
}

/** Until when extended retention keeps `snap` (µs), or null when no rule applies to it. */
export function extendedExpiryUsecs(rules: ExtendedRule[] | undefined, snap: SnapshotFact, earlier: SnapshotFact[], zone = "UTC"): bigint | null {
  let until: bigint | null = null;
  for (const rule of rules ?? []) {
    if (!fallsOnRule(rule, snap, earlier, zone)) continue;
    const days = retentionDays(rule.retention);
    if (!Number.isFinite(days)) continue;
    const end = snap.timestampUsecs + BigInt(Math.round(days)) * DAY_USECS;
    if (until === null || end > until) until = end;
  }
  return until;
}

/** The extended-retention end of a new snapshot of `objectId` in group `groupSeq`, from its earlier snapshots. */
export async function extendedExpiryOfNewSnapshot(
  db: EngineDb,
  rules: ExtendedRule[] | undefined,
  at: { objectId: bigint; groupSeq: bigint; timestampUsecs: bigint; isFull: boolean; zone?: string },
): Promise<bigint | null> {
  if (!rules?.length) return null;
  const earlier = await db.snapshot.findMany({
    where: { objectId: at.objectId, run: { groupSeq: at.groupSeq }, timestampUsecs: { lt: at.timestampUsecs } },
    select: { timestampUsecs: true, run: { select: { isFull: true } } },
  });
  return extendedExpiryUsecs(rules, at, earlier.map((e) => ({ timestampUsecs: e.timestampUsecs, isFull: e.run.isFull })), at.zone);
}
