// When a group's policy wants a run (reference §M.2 schedules). Pure functions over UTC times so
// they are unit-testable; the sweep in scheduler.ts applies them to every active group.
import type { PolicySpec } from "../../services/policy-validation.ts";

type Schedule = NonNullable<PolicySpec["backupPolicy"]["regular"]["incremental"]>["schedule"];
const MINUTE = 60_000;
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** The latest slot at or before `now` at which `schedule` wants a run, or null (none / unsupported). */
export function latestSlot(schedule: Schedule | undefined, anchor: Date, now: Date, startTime?: { hour: number; minute: number }): Date | null {
  const slot = slotAtOrBefore(schedule, anchor, now, startTime);
  // The first slot comes after the group exists: creating a group does not start a run.
  return slot && slot > anchor ? slot : null;
}

function slotAtOrBefore(schedule: Schedule | undefined, anchor: Date, now: Date, startTime?: { hour: number; minute: number }): Date | null {
  if (!schedule) return null;
  const every = (ms: number) => {
    const base = anchor.getTime();
    if (now.getTime() < base) return null;
    return new Date(base + Math.floor((now.getTime() - base) / ms) * ms);
  };
  switch (schedule.unit) {
    case "Minutes":
      return every((schedule.minuteSchedule?.frequency ?? 60) * MINUTE);
    case "Hours":
      return every((schedule.hourSchedule?.frequency ?? 1) * 60 * MINUTE);
    case "Days": {
      const slot = atTimeOfDay(now, startTime);
      if (slot > now) slot.setUTCDate(slot.getUTCDate() - 1);
      const freq = schedule.daySchedule?.frequency ?? 1;
      const daysSince = Math.floor((slot.getTime() - atTimeOfDay(anchor, startTime).getTime()) / (1440 * MINUTE));
      if (daysSince < 0) return null;
      slot.setUTCDate(slot.getUTCDate() - (daysSince % freq));
      return slot;
    }
    case "Weeks": {
      const days = schedule.weekSchedule?.dayOfWeek ?? [];
      for (let back = 0; back < 8; back++) {
        const slot = atTimeOfDay(now, startTime);
        slot.setUTCDate(slot.getUTCDate() - back);
        if (slot <= now && days.includes(DAYS[slot.getUTCDay()]!)) return slot;
      }
      return null;
    }
    default:
      // Months/Years and ProtectOnce are not periodic here (ProtectOnce: see isProtectOnce).
      return null;
  }
}

function atTimeOfDay(day: Date, t?: { hour: number; minute: number }): Date {
  const d = new Date(day);
  d.setUTCHours(t?.hour ?? 0, t?.minute ?? 0, 0, 0);
  return d;
}

/** Inside a blackout window (times of day in UTC; a window may wrap past midnight). */
export function inBlackout(policy: PolicySpec, now: Date): boolean {
  const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
  return (policy.blackoutWindow ?? []).some((w) => {
    if (w.day !== DAYS[now.getUTCDay()]) return false;
    const start = w.startTime.hour * 60 + w.startTime.minute;
    const end = w.endTime.hour * 60 + w.endTime.minute;
    return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  });
}

export const isProtectOnce = (policy: PolicySpec) => policy.backupPolicy.regular.full?.schedule?.unit === "ProtectOnce";
