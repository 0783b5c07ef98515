// When a schedule wants a run (reference §M.2 schedules): the slots of one incremental or full
// schedule of a group. `latestSlot` looks back from an instant (the engine's scheduler sweep asks
// it every few seconds); `slotsAfter` walks forward (previews, next-run lines). Both read the same
// calendar rules, and a property test holds them to the same slots.
//
// Calendar schedules (Days, Weeks, Months, Years) fire at the group's `startTime` (hour, minute)
// as a wall-clock time in `startTime.timeZone` (IANA; UTC when absent), so a daily 02:30 run
// stays at 02:30 local across DST changes. A wall time that does not exist on a spring-forward day
// moves forward by the gap (02:30 → 03:30); an ambiguous one on a fall-back day is its first
// occurrence (luxon's rules). Minutes and Hours schedules are fixed intervals from the group's
// creation (absolute time). No slot is at or before the group's creation: creating a group does not
// start a run.
import { DateTime } from "luxon";
import type { DayOfWeek } from "./units.ts";
import type { GroupClock, Schedule, StartTime } from "./types.ts";

const MINUTE = 60_000;
/** Index = JavaScript's getDay() (Sunday 0); luxon's weekday is 1 (Monday) … 7 (Sunday). */
const WEEKDAY_INDEX: readonly DayOfWeek[] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const dayName = (d: DateTime): DayOfWeek => WEEKDAY_INDEX[d.weekday % 7]!;
const luxonWeekday = (name: string) => {
  const i = WEEKDAY_INDEX.indexOf(name as DayOfWeek);
  return i === 0 ? 7 : i;
};
const WEEK_OF_MONTH: Record<string, number> = { First: 1, Second: 2, Third: 3, Fourth: 4 };

type Leaf = { frequency?: number; dayOfWeek?: string[]; weekOfMonth?: string; dayOfMonth?: number; dayOfYear?: string };
const leaf = (s: Schedule, key: string): Leaf | undefined => (s as Record<string, unknown>)[key] as Leaf | undefined;

export const zoneOf = (startTime: StartTime | undefined) => startTime?.timeZone ?? "UTC";

/** The run time on a local calendar day. */
const runTimeOn = (day: DateTime, startTime: StartTime | undefined) =>
  day.set({ hour: startTime?.hour ?? 0, minute: startTime?.minute ?? 0, second: 0, millisecond: 0 });

/** Minutes and Hours schedules: a fixed interval (ms); null for calendar schedules. */
function intervalMs(schedule: Schedule): number | null {
  if (schedule.unit === "Minutes") return (leaf(schedule, "minuteSchedule")?.frequency ?? 60) * MINUTE;
  if (schedule.unit === "Hours") return (leaf(schedule, "hourSchedule")?.frequency ?? 1) * 60 * MINUTE;
  return null;
}

const weekdaysOf = (schedule: Schedule) => (leaf(schedule, "weekSchedule")?.dayOfWeek ?? []).filter((d) => WEEKDAY_INDEX.includes(d as DayOfWeek));

/**
 * The days of `month` (its first day, local) that a MonthSchedule names: `dayOfMonth` (past the
 * month's end → its last day, so "31" means the last day of shorter months), or the
 * First…Fourth/Last of each `dayOfWeek`.
 */
export function monthDays(month: DateTime, m: Leaf): DateTime[] {
  if (m.dayOfMonth !== undefined) return [month.set({ day: Math.min(m.dayOfMonth, month.daysInMonth ?? 28) })];
  const out: DateTime[] = [];
  for (const name of m.dayOfWeek ?? []) {
    const weekday = luxonWeekday(name);
    if (weekday < 1) continue;
    if (m.weekOfMonth === "Last") {
      const last = month.endOf("month").startOf("day");
      out.push(last.minus({ days: (last.weekday - weekday + 7) % 7 }));
    } else {
      const n = WEEK_OF_MONTH[m.weekOfMonth ?? "First"] ?? 1;
      out.push(month.plus({ days: ((weekday - month.weekday + 7) % 7) + 7 * (n - 1) }));
    }
  }
  return out.sort((a, b) => a.toMillis() - b.toMillis());
}

const yearDay = (year: DateTime, schedule: Schedule) =>
  leaf(schedule, "yearSchedule")?.dayOfYear === "Last" ? year.endOf("year").startOf("day") : year;

/** The latest slot at or before `now` at which `schedule` wants a run, or null (none yet). */
export function latestSlot(schedule: Schedule | undefined, group: GroupClock, now: Date): Date | null {
  const slot = slotAtOrBefore(schedule, group, now);
  return slot && slot > group.anchor ? slot : null;
}

/** The latest of several schedules' slots (e.g. the `full` schedule and every `fullBackups` entry). */
export function latestOfSlots(schedules: (Schedule | undefined)[], group: GroupClock, now: Date): Date | null {
  let best: Date | null = null;
  for (const s of schedules) {
    const slot = latestSlot(s, group, now);
    if (slot && (!best || slot > best)) best = slot;
  }
  return best;
}

function slotAtOrBefore(schedule: Schedule | undefined, { anchor, startTime }: GroupClock, now: Date): Date | null {
  if (!schedule) return null;
  const zone = zoneOf(startTime);
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return null;
  const nowMs = now.getTime();
  const at = (day: DateTime) => runTimeOn(day, startTime);
  const latest = (days: DateTime[]) => {
    const slots = days.map(at).filter((s) => s.toMillis() <= nowMs);
    return slots.length === 0 ? null : new Date(Math.max(...slots.map((s) => s.toMillis())));
  };
  const today = local.startOf("day");
  const interval = intervalMs(schedule);
  if (interval !== null) {
    const base = anchor.getTime();
    return nowMs < base ? null : new Date(base + Math.floor((nowMs - base) / interval) * interval);
  }
  switch (schedule.unit) {
    case "Days": {
      // Every N local days, counted from the day the group was created.
      const freq = leaf(schedule, "daySchedule")?.frequency ?? 1;
      let day = at(today).toMillis() <= nowMs ? today : today.minus({ days: 1 });
      const since = Math.round(day.diff(DateTime.fromJSDate(anchor, { zone }).startOf("day"), "days").days);
      if (since < 0) return null;
      day = day.minus({ days: since % freq });
      return at(day).toJSDate();
    }
    case "Weeks": {
      const wanted = weekdaysOf(schedule);
      return latest(Array.from({ length: 8 }, (_, back) => today.minus({ days: back })).filter((d) => wanted.includes(dayName(d))));
    }
    case "Months": {
      const m = leaf(schedule, "monthSchedule");
      if (!m) return null;
      const days: DateTime[] = [];
      for (let back = 0; back <= 12 && days.length === 0; back++) {
        const month = today.startOf("month").minus({ months: back });
        days.push(...monthDays(month, m).filter((d) => at(d).toMillis() <= nowMs));
      }
      return latest(days);
    }
    case "Years":
      return latest([0, 1].map((back) => yearDay(today.startOf("year").minus({ years: back }), schedule)));
    default:
      // ProtectOnce is not periodic (see isProtectOnce).
      return null;
  }
}

/**
 * The slots of `schedule` after `after` (and after the group's creation), earliest first, without
 * end: the caller stops. Empty for ProtectOnce and for a schedule that names no day.
 */
export function* slotsAfter(schedule: Schedule | undefined, { anchor, startTime }: GroupClock, after: Date): Generator<Date> {
  if (!schedule) return;
  const from = Math.max(after.getTime(), anchor.getTime());
  const interval = intervalMs(schedule);
  if (interval !== null) {
    const base = anchor.getTime();
    for (let k = Math.floor((from - base) / interval) + 1; ; k++) yield new Date(base + k * interval);
  }
  const zone = zoneOf(startTime);
  const start = DateTime.fromMillis(from, { zone });
  if (!start.isValid) return;
  const at = (day: DateTime) => runTimeOn(day, startTime);
  const startDay = start.startOf("day");
  /** Yields the slot of `day` when it is still ahead. */
  function* ahead(day: DateTime) {
    const slot = at(day);
    if (slot.toMillis() > from) yield slot.toJSDate();
  }
  switch (schedule.unit) {
    case "Days": {
      const freq = Math.max(1, leaf(schedule, "daySchedule")?.frequency ?? 1);
      const anchorDay = DateTime.fromJSDate(anchor, { zone }).startOf("day");
      const since = Math.round(startDay.diff(anchorDay, "days").days);
      // One period back: the slot of `from`'s own day may still be ahead.
      for (let k = Math.max(0, Math.floor(since / freq) - 1); ; k++) yield* ahead(anchorDay.plus({ days: k * freq }));
    }
    case "Weeks": {
      const wanted = weekdaysOf(schedule);
      if (wanted.length === 0) return;
      for (let day = startDay.minus({ days: 1 }); ; day = day.plus({ days: 1 })) if (wanted.includes(dayName(day))) yield* ahead(day);
    }
    case "Months": {
      const m = leaf(schedule, "monthSchedule");
      if (!m || monthDays(startDay.startOf("month"), m).length === 0) return;
      for (let month = startDay.startOf("month").minus({ months: 1 }); ; month = month.plus({ months: 1 })) {
        for (const day of monthDays(month, m)) yield* ahead(day);
      }
    }
    case "Years":
      for (let year = startDay.startOf("year").minus({ years: 1 }); ; year = year.plus({ years: 1 })) yield* ahead(yearDay(year, schedule));
    default:
      return;
  }
}
