// Semantic checks of a protection policy that its schema cannot express (reference §M.2): every
// schedule unit comes with its matching *Schedule block, frequencies and retentions are in range, a
// DataLock period never outlasts the retention it locks, blackout windows are real, non-empty times
// of day. The contract schema has already checked types and enum spellings where the policy came
// through it; these checks still read every value defensively (the portal's form runs them too).
// Each issue names the failing field by its path in the request body, so the engine can answer 400
// naming it and the editor can put the message beside its own field.
import { formatPath } from "@lifeboat/contracts";
import {
  EXTENDED_UNITS, FULL_UNITS, INCREMENTAL_UNITS, isRetentionUnit, MAX_FREQUENCY, MAX_RETENTION_DURATION, plural, RETENTION_UNITS,
  retentionDays, SCHEDULE_LEAF, type ScheduleUnit,
} from "./units.ts";
import type { PolicyLike, RetentionLike, Schedule } from "./types.ts";

export type IssuePath = (string | number)[];
export interface PolicyIssue {
  path: IssuePath;
  message: string;
}

export const MAX_RETRIES = 100;
export const MAX_RETRY_INTERVAL_MINS = 10_080;

const LOG_UNITS = ["Minutes", "Hours"] as const;
const BMR_UNITS = ["Days", "Weeks", "Months", "Years"] as const;

/** "backupPolicy.regular.fullBackups[0].schedule: message" — the engine's 400 wording. */
export const formatIssue = (issue: PolicyIssue) => `${formatPath(issue.path)}: ${issue.message}`;

const wholeIn = (n: unknown, min: number, max: number): n is number => typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;

function checkSchedule(s: Schedule, at: IssuePath, allowed: readonly string[], out: PolicyIssue[]): void {
  if (!allowed.includes(s.unit)) {
    out.push({ path: [...at, "unit"], message: `${s.unit} is not allowed here (use ${allowed.join("|")})` });
    return;
  }
  if (s.unit === "ProtectOnce") return; // a single run: no recurrence block (§E.8)
  const key = SCHEDULE_LEAF[s.unit as ScheduleUnit];
  const blocks = s as Record<string, unknown>;
  const block = blocks[key] as Record<string, unknown> | undefined;
  if (!block) {
    out.push({ path: [...at, key], message: `required when unit is ${s.unit}` });
    return;
  }
  for (const other of Object.values(SCHEDULE_LEAF)) {
    if (other !== key && blocks[other] !== undefined) out.push({ path: [...at, other], message: `not allowed when unit is ${s.unit} (only ${key})` });
  }
  if ("frequency" in block) {
    const max = MAX_FREQUENCY[s.unit as keyof typeof MAX_FREQUENCY] ?? 1000;
    if (!wholeIn(block["frequency"], 1, max)) {
      out.push({ path: [...at, key, "frequency"], message: `must be a whole number from 1 to ${max}, got ${String(block["frequency"])}` });
    }
  }
  if (key === "weekSchedule" && ((block["dayOfWeek"] as unknown[] | undefined)?.length ?? 0) === 0) {
    out.push({ path: [...at, key, "dayOfWeek"], message: "name at least one day" });
  }
  if (key === "monthSchedule") {
    const m = block as { dayOfMonth?: number; dayOfWeek?: string[]; weekOfMonth?: string };
    const byDay = m.dayOfMonth !== undefined;
    const byWeek = (m.dayOfWeek?.length ?? 0) > 0 || m.weekOfMonth !== undefined;
    if (byDay === byWeek) out.push({ path: [...at, key], message: "give either dayOfMonth or dayOfWeek with weekOfMonth" });
    else if (byDay && !wholeIn(m.dayOfMonth, 1, 31)) out.push({ path: [...at, key, "dayOfMonth"], message: `must be 1..31, got ${m.dayOfMonth}` });
    else if (byWeek && (!m.weekOfMonth || (m.dayOfWeek?.length ?? 0) === 0)) {
      out.push({ path: [...at, key], message: "dayOfWeek and weekOfMonth go together" });
    }
  }
}

function checkRetention(r: RetentionLike, at: IssuePath, out: PolicyIssue[]): void {
  const before = out.length;
  if (!wholeIn(r.duration, 1, MAX_RETENTION_DURATION)) {
    out.push({ path: [...at, "duration"], message: `must be a whole number from 1 to ${MAX_RETENTION_DURATION}, got ${r.duration}` });
  }
  if (!isRetentionUnit(r.unit)) out.push({ path: [...at, "unit"], message: `expected ${RETENTION_UNITS.join("|")}, got ${r.unit}` });
  const lock = r.dataLockConfig;
  if (!lock) return;
  if (!wholeIn(lock.duration, 1, MAX_RETENTION_DURATION)) {
    out.push({ path: [...at, "dataLockConfig", "duration"], message: `must be a whole number from 1 to ${MAX_RETENTION_DURATION}, got ${lock.duration}` });
  }
  if (!isRetentionUnit(lock.unit)) out.push({ path: [...at, "dataLockConfig", "unit"], message: `expected ${RETENTION_UNITS.join("|")}, got ${lock.unit}` });
  // A snapshot cannot be locked longer than it is kept: expiry would have to break the lock.
  if (out.length === before && retentionDays(lock) > retentionDays(r)) {
    out.push({
      path: [...at, "dataLockConfig", "duration"],
      message: `the lock (${plural(lock.duration, lock.unit)}) is longer than the retention (${plural(r.duration, r.unit)}): a locked snapshot could not be deleted when its retention ends`,
    });
  }
}

function checkTimeOfDay(t: { hour: number; minute: number; timeZone?: string | undefined }, at: IssuePath, out: PolicyIssue[]): void {
  if (!wholeIn(t.hour, 0, 23)) out.push({ path: [...at, "hour"], message: `must be 0..23, got ${t.hour}` });
  if (!wholeIn(t.minute, 0, 59)) out.push({ path: [...at, "minute"], message: `must be 0..59, got ${t.minute}` });
  if (t.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: t.timeZone });
    } catch {
      out.push({ path: [...at, "timeZone"], message: `${JSON.stringify(t.timeZone)} is not an IANA time zone` });
    }
  }
}

/** Every semantic problem of a policy, each at its field; empty when the policy is sound. */
export function policyIssues(p: PolicyLike & { name?: string | undefined }): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  if (p.name !== undefined && p.name.trim().length === 0) out.push({ path: ["name"], message: "must not be blank" });
  const regular = p.backupPolicy?.regular ?? {};
  const at: IssuePath = ["backupPolicy", "regular"];
  if (!regular.incremental && !regular.full && !regular.fullBackups?.length) {
    out.push({ path: at, message: "give an incremental schedule, a full schedule or fullBackups" });
  }
  if (regular.full && regular.fullBackups?.length) out.push({ path: at, message: "use either full or fullBackups, not both" });
  if (regular.incremental) checkSchedule(regular.incremental.schedule, [...at, "incremental", "schedule"], INCREMENTAL_UNITS, out);
  if (regular.full?.schedule) checkSchedule(regular.full.schedule, [...at, "full", "schedule"], FULL_UNITS, out);
  regular.fullBackups?.forEach((fb, i) => {
    checkSchedule(fb.schedule, [...at, "fullBackups", i, "schedule"], FULL_UNITS, out);
    checkRetention(fb.retention, [...at, "fullBackups", i, "retention"], out);
  });
  if ((regular.incremental || regular.full) && !regular.retention) {
    out.push({ path: [...at, "retention"], message: "required (how long the snapshots are kept)" });
  }
  if (regular.retention) checkRetention(regular.retention, [...at, "retention"], out);
  const { log, bmr } = p.backupPolicy ?? {};
  if (log) {
    checkSchedule(log.schedule, ["backupPolicy", "log", "schedule"], LOG_UNITS, out);
    checkRetention(log.retention, ["backupPolicy", "log", "retention"], out);
  }
  if (bmr) {
    checkSchedule(bmr.schedule, ["backupPolicy", "bmr", "schedule"], BMR_UNITS, out);
    checkRetention(bmr.retention, ["backupPolicy", "bmr", "retention"], out);
  }
  p.blackoutWindow?.forEach((w, i) => {
    checkTimeOfDay(w.startTime, ["blackoutWindow", i, "startTime"], out);
    checkTimeOfDay(w.endTime, ["blackoutWindow", i, "endTime"], out);
    if (w.startTime.hour === w.endTime.hour && w.startTime.minute === w.endTime.minute) {
      out.push({ path: ["blackoutWindow", i, "endTime"], message: "equals startTime (an empty window)" });
    }
  });
  p.extendedRetention?.forEach((e, i) => {
    if (!(EXTENDED_UNITS as readonly string[]).includes(e.schedule.unit)) {
      out.push({ path: ["extendedRetention", i, "schedule", "unit"], message: `expected ${EXTENDED_UNITS.join("|")}, got ${e.schedule.unit}` });
    }
    const f = e.schedule.frequency;
    if (f !== undefined && !wholeIn(f, 1, 1000)) {
      out.push({ path: ["extendedRetention", i, "schedule", "frequency"], message: `must be a whole number from 1 to 1000, got ${f}` });
    }
    checkRetention(e.retention, ["extendedRetention", i, "retention"], out);
  });
  const retry = p.retryOptions;
  if (retry?.retries !== undefined && !wholeIn(retry.retries, 0, MAX_RETRIES)) {
    out.push({ path: ["retryOptions", "retries"], message: `must be 0..${MAX_RETRIES}, got ${retry.retries}` });
  }
  if (retry?.retryIntervalMins !== undefined && !wholeIn(retry.retryIntervalMins, 1, MAX_RETRY_INTERVAL_MINS)) {
    out.push({ path: ["retryOptions", "retryIntervalMins"], message: `must be 1..${MAX_RETRY_INTERVAL_MINS}, got ${retry.retryIntervalMins}` });
  }
  return out;
}
