// Blackout windows (reference §M.2 BlackoutWindow): no scheduled run starts inside one; a run that
// falls due inside waits until the window ends. `day` and the times of day are wall-clock times in
// the window's `startTime.timeZone` (then `endTime.timeZone`, else UTC) — a window belongs to the
// policy, not to a group, so it does not take the group's zone. A window whose end is before its
// start wraps past midnight into the next day (Friday 22:00–02:00 covers Saturday 01:00).
import { DateTime } from "luxon";
import { dayName } from "./slots.ts";
import type { BlackoutWindow } from "./types.ts";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const windowZone = (w: BlackoutWindow) => w.startTime.timeZone ?? w.endTime.timeZone ?? "UTC";

/** Minutes from `now` (wall clock, whole minutes) until `w` ends, or null when `now` is outside it. */
function minutesLeft(w: BlackoutWindow, now: Date): number | null {
  const local = DateTime.fromJSDate(now, { zone: windowZone(w) });
  if (!local.isValid) return null;
  const minutes = local.hour * 60 + local.minute;
  const today = dayName(local);
  const start = w.startTime.hour * 60 + w.startTime.minute;
  const end = w.endTime.hour * 60 + w.endTime.minute;
  if (start <= end) return w.day === today && minutes >= start && minutes < end ? end - minutes : null;
  if (w.day === today && minutes >= start) return end + 1440 - minutes;
  if (w.day === dayName(local.minus({ days: 1 })) && minutes < end) return end - minutes;
  return null;
}

export function inBlackout(windows: readonly BlackoutWindow[] | undefined, now: Date): boolean {
  return (windows ?? []).some((w) => minutesLeft(w, now) !== null);
}

/**
 * The first instant at or after `t` outside every blackout window (`t` itself when it is outside),
 * or null when the windows cover a whole week (no run can ever start). Windows change only on
 * whole local minutes, so the search jumps to the end of the windows `t` is in; across a clock
 * change, where wall minutes and real minutes differ, it steps one minute at a time instead.
 */
export function firstOutsideBlackout(windows: readonly BlackoutWindow[] | undefined, t: Date): Date | null {
  if (!windows?.length) return t;
  const zones = [...new Set(windows.map(windowZone))];
  const offsets = (ms: number) => zones.map((zone) => DateTime.fromMillis(ms, { zone }).offset).join();
  let now = t.getTime();
  for (;;) {
    const left = windows.map((w) => minutesLeft(w, new Date(now))).filter((m): m is number => m !== null);
    if (left.length === 0) return new Date(now);
    const minuteStart = now - (((now % MINUTE) + MINUTE) % MINUTE);
    const jump = minuteStart + Math.max(...left) * MINUTE;
    now = offsets(now) === offsets(jump) ? jump : minuteStart + MINUTE;
    if (now - t.getTime() > 8 * DAY) return null;
  }
}
