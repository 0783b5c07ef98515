// When a group's policy wants a run (reference §M.2 schedules). Pure functions over instants so
// they are unit-testable; the sweep in scheduler.ts applies them to every active group.
//
// Calendar schedules (Days, Weeks, Months, Years) fire at the group's `startTime` (hour, minute)
// as a wall-clock time in `startTime.timeZone` (IANA; UTC when absent — the portal's next-run
// preview reads it the same way), so a daily 02:30 run stays at 02:30 local across DST changes.
// A wall time that does not exist on a spring-forward day moves forward by the gap (02:30 →
// 03:30); an ambiguous one on a fall-back day is its first occurrence (luxon's rules).
// Minutes and Hours schedules are fixed intervals from the group's creation (absolute time).
import { DateTime } from "luxon";
import type { PolicySpec } from "../areas/policies/validation.ts";

type Schedule = NonNullable<PolicySpec["backupPolicy"]["regular"]["incremental"]>["schedule"];
export interface StartTime {
  hour: number;
  minute: number;
  timeZone?: string;
}

const MINUTE = 60_000;
/** Index = JavaScript's getDay() (Sunday 0); luxon's weekday is 1 (Monday) … 7 (Sunday). */
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const dayName = (d: DateTime) => DAYS[d.weekday % 7]!;
const luxonWeekday = (name: string) => {
  const i = DAYS.indexOf(name);
  return i === 0 ? 7 : i;
};
const WEEK_OF_MONTH: Record<string, number> = { First: 1, Second: 2, Third: 3, Fourth: 4 };

/** The latest slot at or before `now` at which `schedule` wants a run, or null (none yet). */
export function latestSlot(schedule: Schedule | undefined, anchor: Date, now: Date, startTime?: StartTime): Date | null {
  const slot = slotAtOrBefore(schedule, anchor, now, startTime);
  // The first slot comes after the group exists: creating a group does not start a run.
  return slot && slot > anchor ? slot : null;
}

/** The latest of several schedules' slots (e.g. the `full` schedule and every `fullBackups` entry). */
export function latestOfSlots(schedules: (Schedule | undefined)[], anchor: Date, now: Date, startTime?: StartTime): Date | null {
  let best: Date | null = null;
  for (const s of schedules) {
    const slot = latestSlot(s, anchor, now, startTime);
    if (slot && (!best || slot > best)) best = slot;
  }
  return best;
}

function slotAtOrBefore(schedule: Schedule | undefined, anchor: Date, now: Date, startTime?: StartTime): Date | null {
  if (!schedule) return null;
  const zone = startTime?.timeZone ?? "UTC";
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return null;
  const nowMs = now.getTime();
  /** The run time on a local calendar day. */
  const at = (day: DateTime) => day.set({ hour: startTime?.hour ?? 0, minute: startTime?.minute ?? 0, second: 0, millisecond: 0 });
  const latest = (days: DateTime[]) => {
    const slots = days.map(at).filter((s) => s.toMillis() <= nowMs);
    return slots.length === 0 ? null : new Date(Math.max(...slots.map((s) => s.toMillis())));
  };
  const every = (ms: number) => {
    const base = anchor.getTime();
    if (nowMs < base) return null;
    return new Date(base + Math.floor((nowMs - base) / ms) * ms);
  };
  const today = local.startOf("day");

  switch (schedule.unit) {
    case "Minutes":
      return every((schedule.minuteSchedule?.frequency ?? 60) * MINUTE);
    case "Hours":
      return every((schedule.hourSchedule?.frequency ?? 1) * 60 * MINUTE);
    case "Days": {
      // Every N local days, counted from the day the group was created.
      const freq = schedule.daySchedule?.frequency ?? 1;
      let day = at(today).toMillis() <= nowMs ? today : today.minus({ days: 1 });
      const since = Math.round(day.diff(DateTime.fromJSDate(anchor, { zone }).startOf("day"), "days").days);
      if (since < 0) return null;
      day = day.minus({ days: since % freq });
      return at(day).toJSDate();
    }
    case "Weeks": {
      const wanted = schedule.weekSchedule?.dayOfWeek ?? [];
      const days = Array.from({ length: 8 }, (_, back) => today.minus({ days: back })).filter((d) => wanted.includes(dayName(d)));
      return latest(days);
    }
    case "Months": {
      const m = schedule.monthSchedule;
      if (!m) return null;
      const days: DateTime[] = [];
      for (let back = 0; back <= 12 && days.length === 0; back++) {
        const month = today.startOf("month").minus({ months: back });
        const candidates = monthDays(month, m).filter((d) => at(d).toMillis() <= nowMs);
        days.push(...candidates);
      }
      return latest(days);
    }
    case "Years": {
      const first = schedule.yearSchedule?.dayOfYear !== "Last";
      const days = [0, 1].map((back) => {
        const year = today.startOf("year").minus({ years: back });
        return first ? year : year.endOf("year").startOf("day");
      });
      return latest(days);
    }
    default:
      // ProtectOnce is not periodic (see isProtectOnce).
      return null;
  }
}

/**
 * The days of `month` (its first day, local) that a MonthSchedule names: `dayOfMonth` (past the
 * month's end → its last day, so "31" means the last day of shorter months), or the
 * First…Fourth/Last of each `dayOfWeek`.
 */
export function monthDays(month: DateTime, m: { dayOfWeek?: string[]; weekOfMonth?: string; dayOfMonth?: number }): DateTime[] {
  if (m.dayOfMonth !== undefined) return [month.set({ day: Math.min(m.dayOfMonth, month.daysInMonth ?? 28) })];
  const out: DateTime[] = [];
  for (const name of m.dayOfWeek ?? []) {
    const weekday = luxonWeekday(name);
    if (m.weekOfMonth === "Last") {
      const last = month.endOf("month").startOf("day");
      out.push(last.minus({ days: (last.weekday - weekday + 7) % 7 }));
    } else {
      const n = WEEK_OF_MONTH[m.weekOfMonth ?? "First"] ?? 1;
      out.push(month.plus({ days: ((weekday - month.weekday + 7) % 7) + 7 * (n - 1) }));
    }
  }
  return out;
}

/**
 * Inside a blackout window: `day` and the times of day are wall-clock times in the window's
 * `startTime.timeZone` (UTC when absent); a window whose end is before its start wraps past
 * midnight into the next day (Friday 22:00–02:00 covers Saturday 01:00).
 */
export function inBlackout(policy: PolicySpec, now: Date): boolean {
  return (policy.blackoutWindow ?? []).some((w) => {
    const local = DateTime.fromJSDate(now, { zone: w.startTime.timeZone ?? w.endTime.timeZone ?? "UTC" });
    if (!local.isValid) return false;
    const minutes = local.hour * 60 + local.minute;
    const today = dayName(local);
    const yesterday = dayName(local.minus({ days: 1 }));
    const start = w.startTime.hour * 60 + w.startTime.minute;
    const end = w.endTime.hour * 60 + w.endTime.minute;
    if (start <= end) return w.day === today && minutes >= start && minutes < end;
    return (w.day === today && minutes >= start) || (w.day === yesterday && minutes < end);
  });
}

export const isProtectOnce = (policy: PolicySpec) => policy.backupPolicy.regular.full?.schedule?.unit === "ProtectOnce";
