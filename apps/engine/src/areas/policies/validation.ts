// Semantic checks of a protection policy that a schema cannot express (reference §M.2): every
// schedule unit comes with its matching *Schedule block, retention is positive, a DataLock period
// never outlasts the retention it locks, blackout windows are real times of day. The contract
// schema has already checked types and enum values; this runs on its output.
import { invalid } from "../../errors.ts";

interface Retention {
  unit: string;
  duration: number;
  dataLockConfig?: { mode: string; unit: string; duration: number };
}
interface ScheduleBlock {
  unit: string;
  minuteSchedule?: { frequency: number };
  hourSchedule?: { frequency: number };
  daySchedule?: { frequency: number };
  weekSchedule?: { dayOfWeek: string[] };
  monthSchedule?: { dayOfWeek?: string[]; weekOfMonth?: string; dayOfMonth?: number };
  yearSchedule?: { dayOfYear: string };
}
interface TimeOfDay {
  hour: number;
  minute: number;
  timeZone?: string;
}
/** The fields of a CreateProtectionPolicy/UpdateProtectionPolicy body this module reads. */
export interface PolicySpec {
  name: string;
  backupPolicy: {
    regular: {
      incremental?: { schedule: ScheduleBlock };
      full?: { schedule?: ScheduleBlock };
      fullBackups?: { schedule: ScheduleBlock; retention: Retention }[];
      retention?: Retention;
    };
    log?: { schedule: ScheduleBlock; retention: Retention };
    bmr?: { schedule: ScheduleBlock; retention: Retention };
  };
  blackoutWindow?: { day: string; startTime: TimeOfDay; endTime: TimeOfDay }[];
  extendedRetention?: { schedule: { unit: string; frequency?: number }; retention: Retention }[];
  retryOptions?: { retries?: number; retryIntervalMins?: number };
}

const UNIT_DAYS: Record<string, number> = { Days: 1, Weeks: 7, Months: 30, Years: 365 };
const SCHEDULE_KEY: Record<string, keyof ScheduleBlock> = {
  Minutes: "minuteSchedule",
  Hours: "hourSchedule",
  Days: "daySchedule",
  Weeks: "weekSchedule",
  Months: "monthSchedule",
  Years: "yearSchedule",
};
const MAX_FREQUENCY: Record<string, number> = { Minutes: 1440, Hours: 720, Days: 365 };

export function retentionDays(r: { unit: string; duration: number }): number {
  return r.duration * (UNIT_DAYS[r.unit] ?? Number.NaN);
}

function checkSchedule(s: ScheduleBlock, at: string, allowed: readonly string[]): void {
  if (!allowed.includes(s.unit)) throw invalid(`${at}.unit: ${s.unit} is not allowed here (use ${allowed.join("|")})`);
  if (s.unit === "ProtectOnce") return; // a single run: no recurrence block (§E.8)
  const key = SCHEDULE_KEY[s.unit]!;
  const block = s[key] as object | undefined;
  if (!block) throw invalid(`${at}.${key}: required when unit is ${s.unit}`);
  for (const other of Object.values(SCHEDULE_KEY)) {
    if (other !== key && s[other] !== undefined) {
      throw invalid(`${at}.${other}: not allowed when unit is ${s.unit} (only ${key})`);
    }
  }
  if ("frequency" in block) {
    const f = block.frequency as number;
    const max = MAX_FREQUENCY[s.unit] ?? 1000;
    if (!Number.isInteger(f) || f < 1 || f > max) {
      throw invalid(`${at}.${key}.frequency: must be an integer from 1 to ${max}, got ${f}`);
    }
  }
  if (key === "weekSchedule" && (s.weekSchedule?.dayOfWeek.length ?? 0) === 0) {
    throw invalid(`${at}.weekSchedule.dayOfWeek: name at least one day`);
  }
  if (key === "monthSchedule") {
    const m = s.monthSchedule!;
    const byDay = m.dayOfMonth !== undefined;
    const byWeek = (m.dayOfWeek?.length ?? 0) > 0 || m.weekOfMonth !== undefined;
    if (byDay === byWeek) {
      throw invalid(`${at}.monthSchedule: give either dayOfMonth or dayOfWeek with weekOfMonth`);
    }
    if (byDay && (m.dayOfMonth! < 1 || m.dayOfMonth! > 31)) {
      throw invalid(`${at}.monthSchedule.dayOfMonth: must be 1..31, got ${m.dayOfMonth}`);
    }
    if (byWeek && (!m.weekOfMonth || (m.dayOfWeek?.length ?? 0) === 0)) {
      throw invalid(`${at}.monthSchedule: dayOfWeek and weekOfMonth go together`);
    }
  }
}

function checkRetention(r: Retention, at: string): void {
  if (!Number.isInteger(r.duration) || r.duration < 1 || r.duration > 100_000) {
    throw invalid(`${at}.duration: must be a positive integer, got ${r.duration}`);
  }
  if (!(r.unit in UNIT_DAYS)) throw invalid(`${at}.unit: expected Days|Weeks|Months|Years, got ${r.unit}`);
  const lock = r.dataLockConfig;
  if (lock) {
    if (!Number.isInteger(lock.duration) || lock.duration < 1) {
      throw invalid(`${at}.dataLockConfig.duration: must be a positive integer, got ${lock.duration}`);
    }
    // A snapshot cannot be locked longer than it is kept: expiry would have to break the lock.
    if (retentionDays(lock) > retentionDays(r)) {
      throw invalid(
        `${at}.dataLockConfig: the lock period (${lock.duration} ${lock.unit}) is longer than the retention (${r.duration} ${r.unit})`,
      );
    }
  }
}

function checkTimeOfDay(t: TimeOfDay, at: string): void {
  if (!Number.isInteger(t.hour) || t.hour < 0 || t.hour > 23) throw invalid(`${at}.hour: must be 0..23, got ${t.hour}`);
  if (!Number.isInteger(t.minute) || t.minute < 0 || t.minute > 59) {
    throw invalid(`${at}.minute: must be 0..59, got ${t.minute}`);
  }
  if (t.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: t.timeZone });
    } catch {
      throw invalid(`${at}.timeZone: ${JSON.stringify(t.timeZone)} is not an IANA time zone`);
    }
  }
}

const INCREMENTAL_UNITS = ["Minutes", "Hours", "Days", "Weeks", "Months", "Years"] as const;
const FULL_UNITS = ["Days", "Weeks", "Months", "Years", "ProtectOnce"] as const;

export function validatePolicy(p: PolicySpec): void {
  if (p.name.trim().length === 0) throw invalid("name: must not be blank");
  const regular = p.backupPolicy.regular;
  const at = "backupPolicy.regular";
  if (!regular.incremental && !regular.full && !regular.fullBackups?.length) {
    throw invalid(`${at}: give an incremental schedule, a full schedule or fullBackups`);
  }
  if (regular.full && regular.fullBackups?.length) throw invalid(`${at}: use either full or fullBackups, not both`);
  if (regular.incremental) checkSchedule(regular.incremental.schedule, `${at}.incremental.schedule`, INCREMENTAL_UNITS);
  if (regular.full?.schedule) checkSchedule(regular.full.schedule, `${at}.full.schedule`, FULL_UNITS);
  regular.fullBackups?.forEach((fb, i) => {
    checkSchedule(fb.schedule, `${at}.fullBackups[${i}].schedule`, FULL_UNITS);
    checkRetention(fb.retention, `${at}.fullBackups[${i}].retention`);
  });
  if ((regular.incremental || regular.full) && !regular.retention) {
    throw invalid(`${at}.retention: required (how long the snapshots are kept)`);
  }
  if (regular.retention) checkRetention(regular.retention, `${at}.retention`);
  const { log, bmr } = p.backupPolicy;
  if (log) {
    checkSchedule(log.schedule, "backupPolicy.log.schedule", ["Minutes", "Hours"]);
    checkRetention(log.retention, "backupPolicy.log.retention");
  }
  if (bmr) {
    checkSchedule(bmr.schedule, "backupPolicy.bmr.schedule", ["Days", "Weeks", "Months", "Years"]);
    checkRetention(bmr.retention, "backupPolicy.bmr.retention");
  }
  p.blackoutWindow?.forEach((w, i) => {
    checkTimeOfDay(w.startTime, `blackoutWindow[${i}].startTime`);
    checkTimeOfDay(w.endTime, `blackoutWindow[${i}].endTime`);
    if (w.startTime.hour === w.endTime.hour && w.startTime.minute === w.endTime.minute) {
      throw invalid(`blackoutWindow[${i}]: startTime and endTime are equal (an empty window)`);
    }
  });
  p.extendedRetention?.forEach((e, i) => {
    const f = e.schedule.frequency;
    if (f !== undefined && (!Number.isInteger(f) || f < 1)) {
      throw invalid(`extendedRetention[${i}].schedule.frequency: must be a positive integer, got ${f}`);
    }
    checkRetention(e.retention, `extendedRetention[${i}].retention`);
  });
  const retry = p.retryOptions;
  if (retry?.retries !== undefined && (retry.retries < 0 || retry.retries > 100)) {
    throw invalid(`retryOptions.retries: must be 0..100, got ${retry.retries}`);
  }
  if (retry?.retryIntervalMins !== undefined && (retry.retryIntervalMins < 1 || retry.retryIntervalMins > 10_080)) {
    throw invalid(`retryOptions.retryIntervalMins: must be 1..10080, got ${retry.retryIntervalMins}`);
  }
}
