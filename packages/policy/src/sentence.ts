// One sentence that says what a protection policy does ("every 4 hours, keep 14 days, …"): the
// BFF's `summary` of every policy and the editor's live line, so a saved policy reads the same
// everywhere. Works on a request body and a response alike (§M.2); a schedule without a unit reads
// as "no schedule".
import { plural } from "./units.ts";
import type { PolicyLike, Schedule } from "./types.ts";

const SHORT_DAY: Record<string, string> = {
  Monday: "Mon", Tuesday: "Tue", Wednesday: "Wed", Thursday: "Thu", Friday: "Fri", Saturday: "Sat", Sunday: "Sun",
};
const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;
const singular = (unit: string) => unit.toLowerCase().replace(/s$/, "");

type Leaf = { frequency?: number; dayOfWeek?: string[]; dayOfMonth?: number; weekOfMonth?: string; dayOfYear?: string };
const leaf = (s: Schedule, key: string) => (s as Record<string, unknown>)[key] as Leaf | undefined;

function dayList(days: string[]): string {
  if (days.length === 7) return "day";
  return days.length === 1 ? (days[0] ?? "") : days.map((d) => SHORT_DAY[d] ?? d).join(", ");
}

/** "every 4 hours", "every day", "every Mon, Wed", "on the 1st of every month", "once". */
export function describeSchedule(s: Schedule | undefined): string | null {
  if (!s?.unit) return null;
  switch (s.unit) {
    case "ProtectOnce":
      return "once";
    case "Weeks": {
      const days = leaf(s, "weekSchedule")?.dayOfWeek ?? [];
      return days.length ? `every ${dayList(days)}` : "weekly";
    }
    case "Months": {
      const m = leaf(s, "monthSchedule");
      if (m?.dayOfMonth) return `on the ${ordinal(m.dayOfMonth)} of every month`;
      if (m?.dayOfWeek?.length) return `on the ${(m.weekOfMonth ?? "First").toLowerCase()} ${dayList(m.dayOfWeek)} of every month`;
      return "monthly";
    }
    case "Years":
      return `yearly (${(leaf(s, "yearSchedule")?.dayOfYear ?? "First").toLowerCase()} day)`;
    default: {
      const every = leaf(s, `${singular(s.unit)}Schedule`)?.frequency ?? 1;
      return every === 1 ? `every ${singular(s.unit)}` : `every ${plural(every, s.unit)}`;
    }
  }
}

const ADVERB: Record<string, string> = { Runs: "every run", Hours: "hourly", Days: "daily", Weeks: "weekly", Months: "monthly", Years: "yearly" };
const hhmm = (t: { hour: number; minute: number }) => `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;

/** The policy in plain language: schedule, retention, then only the options that are set. */
export function policySentence(p: PolicyLike): string {
  const regular = p.backupPolicy?.regular;
  const parts: string[] = [];
  const incremental = describeSchedule(regular?.incremental?.schedule);
  const full = describeSchedule(regular?.full?.schedule ?? regular?.fullBackups?.[0]?.schedule);
  if (full === "once") parts.push("one backup");
  else parts.push(incremental ?? (full ? `full backup ${full}` : "no schedule"));
  const retention = regular?.retention ?? regular?.fullBackups?.[0]?.retention;
  parts.push(retention?.duration && retention.unit ? `keep ${plural(retention.duration, retention.unit)}` : "no retention set");
  if (incremental && full && full !== "once") parts.push(`full backup ${full}`);
  const lock = retention?.dataLockConfig;
  if (lock) parts.push(`locked for ${plural(lock.duration, lock.unit)} (${lock.mode})`);
  for (const e of p.extendedRetention ?? []) {
    const n = e.schedule.frequency ?? 1;
    const every = n > 1 ? `one every ${plural(n, e.schedule.unit)}` : (ADVERB[e.schedule.unit] ?? `one per ${singular(e.schedule.unit)}`);
    const of = e.runType === "Full" ? " full" : e.runType === "Regular" ? " incremental" : "";
    parts.push(`keep${of} ${every} for ${plural(e.retention.duration, e.retention.unit)}`);
  }
  for (const b of p.blackoutWindow ?? []) {
    const zone = b.startTime.timeZone ?? b.endTime.timeZone;
    parts.push(`no new runs ${SHORT_DAY[b.day] ?? b.day} ${hhmm(b.startTime)}–${hhmm(b.endTime)} ${zone ?? "UTC"}`);
  }
  const retries = p.retryOptions?.retries ?? 0;
  if (retries > 0) {
    const gap = p.retryOptions?.retryIntervalMins;
    parts.push(`retry ${retries === 1 ? "once" : `${retries} times`}${gap ? `, ${plural(gap, "minutes")} apart` : ""}`);
  }
  return parts.join(", ");
}
