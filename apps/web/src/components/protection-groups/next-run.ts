// When a protection group's next scheduled run is due. The upstream does not report it (§M.3 has
// no next-run field), so the portal estimates it from the policy's incremental schedule (§M.2),
// the last run's start and the group's startTime, in UTC unless the startTime names a zone
// (the estimate then reads the start in UTC too — labelled "estimated" in the UI).
import type { ProtectionPolicy } from "@lifeboat/contracts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEKDAY = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export type NextRun = { kind: "at"; at: Date } | { kind: "paused" } | { kind: "none"; reason: string };

interface Input {
  policy: Pick<ProtectionPolicy, "backupPolicy"> | null | undefined;
  isPaused?: boolean | undefined;
  /** Start of the last run, if any. */
  lastRunAt?: Date | null | undefined;
  startTime?: { hour: number; minute: number } | undefined;
  now: Date;
}

type Leaf = { frequency?: number; dayOfWeek?: string[]; dayOfMonth?: number };

export function nextRun({ policy, isPaused, lastRunAt, startTime, now }: Input): NextRun {
  if (isPaused) return { kind: "paused" };
  const schedule = policy?.backupPolicy?.regular?.incremental?.schedule as ({ unit?: string } & Record<string, Leaf | string | undefined>) | undefined;
  if (!policy) return { kind: "none", reason: "policy unknown" };
  if (!schedule?.unit) {
    const full = policy.backupPolicy?.regular?.full?.schedule?.unit;
    return { kind: "none", reason: full === "ProtectOnce" ? "protect once: no further runs" : "no incremental schedule" };
  }
  const t = now.getTime();
  const leaf = (key: string) => (schedule[key] ?? {}) as Leaf;
  const step = schedule.unit === "Minutes" ? leaf("minuteSchedule").frequency : schedule.unit === "Hours" ? leaf("hourSchedule").frequency : schedule.unit === "Days" ? leaf("daySchedule").frequency : undefined;
  if (step !== undefined) {
    const interval = step * (schedule.unit === "Minutes" ? MINUTE : schedule.unit === "Hours" ? 60 * MINUTE : DAY);
    if (!lastRunAt) return { kind: "at", at: new Date(t) };
    const last = lastRunAt.getTime();
    const due = last + interval * Math.max(1, Math.ceil((t - last) / interval));
    return { kind: "at", at: new Date(due) };
  }
  // Calendar schedules: the next chosen day at the group's start time (midnight when unset).
  const minutes = (startTime?.hour ?? 0) * 60 + (startTime?.minute ?? 0);
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let d = 0; d <= 366; d++) {
    const at = midnight + d * DAY + minutes * MINUTE;
    if (at <= t) continue;
    const date = new Date(at);
    if (schedule.unit === "Weeks" && (leaf("weekSchedule").dayOfWeek ?? []).includes(WEEKDAY[date.getUTCDay()] ?? "")) return { kind: "at", at: date };
    if (schedule.unit === "Months" && date.getUTCDate() === (leaf("monthSchedule").dayOfMonth ?? 1)) return { kind: "at", at: date };
  }
  return { kind: "none", reason: `${schedule.unit.toLowerCase()} schedule` };
}
