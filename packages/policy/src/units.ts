// The unit tables of a protection policy (reference §E.7, §E.8, §M.2), written once for the engine,
// the BFF and the portal. A unit outside these tables is an error (PolicyUnitError), never NaN or a
// silent default: a policy whose retention cannot be read must not be kept forever or for a day.
import type { DayOfWeekSchema } from "@lifeboat/contracts";
import {
  FullScheduleUnitSchema, IncrementalScheduleUnitSchema, RetentionUnitSchema, SCHEDULE_LEAF, TargetScheduleUnitSchema,
} from "@lifeboat/contracts";

export type RetentionUnit = (typeof RetentionUnitSchema.options)[number];
export type ScheduleUnit = (typeof IncrementalScheduleUnitSchema.options)[number];
export type DayOfWeek = (typeof DayOfWeekSchema.options)[number];

export const RETENTION_UNITS = RetentionUnitSchema.options;
export const INCREMENTAL_UNITS = IncrementalScheduleUnitSchema.options;
export const FULL_UNITS = FullScheduleUnitSchema.options;
export const EXTENDED_UNITS = TargetScheduleUnitSchema.options;
/** Monday first, as people read a week; JavaScript's getDay() order is WEEKDAY_INDEX. */
export const DAYS_OF_WEEK = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const satisfies readonly DayOfWeek[];

/**
 * Length of a retention unit in days. Months and Years are fixed lengths (30 and 365 days), not
 * calendar months: the engine expires a snapshot at its start time plus this many days, and the
 * DataLock ≤ retention rule compares the same figures.
 */
export const RETENTION_UNIT_DAYS: Readonly<Record<RetentionUnit, number>> = { Days: 1, Weeks: 7, Months: 30, Years: 365 };

/** The leaf block each schedule unit selects (§M.2: `unit` picks minuteSchedule/hourSchedule/…). */
export { SCHEDULE_LEAF };
export type ScheduleLeafKey = (typeof SCHEDULE_LEAF)[ScheduleUnit];

/** Largest "every N" of the units that have a frequency. */
export const MAX_FREQUENCY = { Minutes: 1440, Hours: 720, Days: 365 } as const;
export const MAX_RETENTION_DURATION = 100_000;

export class PolicyUnitError extends Error {
  constructor(
    readonly unit: string,
    readonly expected: readonly string[],
    what = "retention unit",
  ) {
    super(`unknown ${what} ${JSON.stringify(unit)} (expected one of ${expected.join("|")})`);
    this.name = "PolicyUnitError";
  }
}

export const isRetentionUnit = (unit: string): unit is RetentionUnit => Object.hasOwn(RETENTION_UNIT_DAYS, unit);

/** Days in one `unit`; throws PolicyUnitError for anything but Days|Weeks|Months|Years. */
export function unitDays(unit: string): number {
  if (!isRetentionUnit(unit)) throw new PolicyUnitError(unit, RETENTION_UNITS);
  return RETENTION_UNIT_DAYS[unit];
}

/** How many days a retention (or DataLock) keeps a snapshot: `duration` × the unit's days. */
export function retentionDays(r: { unit: string; duration: number }): number {
  return r.duration * unitDays(r.unit);
}

export const DAY_USECS = 86_400_000_000n;
export const DAY_MS = 86_400_000;

/** The same length in microseconds (the wire's time unit, §0.4). */
export function retentionUsecs(r: { unit: string; duration: number }): bigint {
  return BigInt(Math.round(retentionDays(r))) * DAY_USECS;
}

/** "1 day", "14 days", "2 weeks". */
export function plural(n: number, unit: string): string {
  const singular = unit.toLowerCase().replace(/s$/, "");
  return `${n} ${singular}${n === 1 ? "" : "s"}`;
}
