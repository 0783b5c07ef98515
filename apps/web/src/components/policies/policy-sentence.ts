// One sentence that says what a protection policy does ("every 4 hours, keep 14 days, …"), for the
// list, the picker of the group form and the editor (where it follows the user's typing). Works
// on the request body and the response alike (§M.2); unknown shapes read as "custom schedule".
import type { ProtectionPolicy } from "@lifeboat/contracts";
import { plural } from "./policy-form-model.ts";

type Leafy = { unit?: string; [leaf: string]: unknown } | undefined;
type PolicyLike = Pick<ProtectionPolicy, "backupPolicy"> &
  Partial<Pick<ProtectionPolicy, "blackoutWindow" | "extendedRetention" | "retryOptions">>;

const SHORT_DAY: Record<string, string> = {
  Monday: "Mon", Tuesday: "Tue", Wednesday: "Wed", Thursday: "Thu", Friday: "Fri", Saturday: "Sat", Sunday: "Sun",
};
const ORDINAL = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

function leaf(s: Leafy, key: string) {
  return (s?.[key] ?? undefined) as { frequency?: number; dayOfWeek?: string[]; dayOfMonth?: number; weekOfMonth?: string; dayOfYear?: string } | undefined;
}

function dayList(days: string[]): string {
  if (days.length === 7) return "day";
  const names = days.map((d) => SHORT_DAY[d] ?? d);
  return names.length === 1 ? (days[0] ?? "") : names.join(", ");
}

/** "every 4 hours", "every day", "every Mon, Wed", "on the 1st of every month", "once". */
export function describeSchedule(s: Leafy): string | null {
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
      if (m?.dayOfMonth) return `on the ${ORDINAL(m.dayOfMonth)} of every month`;
      if (m?.weekOfMonth && m.dayOfWeek?.length) return `on the ${m.weekOfMonth.toLowerCase()} ${dayList(m.dayOfWeek)} of every month`;
      return "monthly";
    }
    case "Years":
      return `yearly (${(leaf(s, "yearSchedule")?.dayOfYear ?? "First").toLowerCase()} day)`;
    default: {
      const key = `${s.unit.toLowerCase().replace(/s$/, "")}Schedule`;
      const every = leaf(s, key)?.frequency ?? 1;
      return every === 1 ? `every ${s.unit.toLowerCase().replace(/s$/, "")}` : `every ${plural(every, s.unit)}`;
    }
  }
}

const ADVERB: Record<string, string> = { Days: "daily", Weeks: "weekly", Months: "monthly", Years: "yearly" };
const hhmm = (t: { hour: number; minute: number }) => `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;

/** The policy in plain language: schedule, retention, then only the options that are set. */
export function policySentence(p: PolicyLike): string {
  const regular = p.backupPolicy?.regular;
  const parts: string[] = [];
  const incremental = describeSchedule(regular?.incremental?.schedule as Leafy);
  const fullSchedule = (regular?.full?.schedule ?? regular?.fullBackups?.[0]?.schedule) as Leafy;
  const full = describeSchedule(fullSchedule);
  parts.push(incremental ?? (full === "once" ? "one backup" : full ? `full backup ${full}` : "no schedule"));
  const retention = regular?.retention;
  parts.push(retention?.duration && retention.unit ? `keep ${plural(retention.duration, retention.unit)}` : "no retention set");
  if (incremental && full) parts.push(full === "once" ? "one full backup first" : `full backup ${full}`);
  const lock = retention?.dataLockConfig;
  if (lock) parts.push(`locked for ${plural(lock.duration, lock.unit)} (${lock.mode})`);
  for (const e of p.extendedRetention ?? []) {
    const n = e.schedule.frequency ?? 1;
    const every = n > 1 ? `one every ${plural(n, e.schedule.unit)}` : (ADVERB[e.schedule.unit] ?? `one per ${e.schedule.unit.toLowerCase()}`);
    parts.push(`keep ${every} for ${plural(e.retention.duration, e.retention.unit)}`);
  }
  for (const b of p.blackoutWindow ?? []) {
    parts.push(`no new runs ${SHORT_DAY[b.day] ?? b.day} ${hhmm(b.startTime)}–${hhmm(b.endTime)}`);
  }
  const retries = p.retryOptions?.retries ?? 0;
  if (retries > 0) {
    const gap = p.retryOptions?.retryIntervalMins;
    parts.push(`retry ${retries === 1 ? "once" : `${retries} times`}${gap ? `, ${plural(gap, "minutes")} apart` : ""}`);
  }
  return parts.join(", ");
}
