// Retention preview: how many snapshots a policy keeps over the next days, and until when, so the
// editor can show the consequence of a schedule before it is saved. A model, not the engine's
// scheduler: runs start at `start` and recur per the incremental (and full) schedule, every run
// makes one snapshot (a full run at the same instant as an incremental one is one snapshot),
// nothing fails, blackout windows skip runs. Times are read in UTC so the result does not depend
// on the browser. Extended retention (§M.2 ExtendedRetentionPolicy) keeps the first snapshot of
// every N days/weeks/months/years for its own, longer, retention.
import type { PolicyFormValues, ScheduleValues } from "./policy-form-model.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEKDAY = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export type PreviewInput = Pick<PolicyFormValues, "incremental" | "full" | "retention" | "blackouts" | "extended">;

export interface RetentionPreview {
  /** Snapshots that exist at `start + d days`, for d = 0..days. */
  points: { day: number; at: Date; count: number }[];
  /** Runs (snapshots taken) in the window. */
  taken: number;
  peak: number;
  /** Snapshots that exist at the end of the window. */
  atEnd: number;
  /** When the last snapshot still kept at the end of the window expires. */
  keptUntil: Date | null;
}

function addUnits(t: number, unit: string, n: number): number {
  const d = new Date(t);
  switch (unit) {
    case "Days":
      return t + n * DAY;
    case "Weeks":
      return t + n * 7 * DAY;
    case "Months":
      return d.setUTCMonth(d.getUTCMonth() + n);
    case "Years":
      return d.setUTCFullYear(d.getUTCFullYear() + n);
    default:
      throw new Error(`unknown retention unit ${unit}`);
  }
}

/** Run instants of one schedule in [start, end]. */
function runTimes(unit: string, s: ScheduleValues, start: number, end: number): number[] {
  const out: number[] = [];
  if (unit === "None") return out;
  if (unit === "ProtectOnce") return [start];
  const step = unit === "Minutes" ? s.frequency * MINUTE : unit === "Hours" ? s.frequency * HOUR : unit === "Days" ? s.frequency * DAY : 0;
  if (step > 0) {
    for (let t = start; t <= end; t += step) out.push(t);
    return out;
  }
  // Weekly and monthly runs happen at the start's time of day on the chosen days.
  for (let t = start; t <= end; t += DAY) {
    const d = new Date(t);
    if (unit === "Weeks" && s.days.includes(WEEKDAY[d.getUTCDay()] as never)) out.push(t);
    if (unit === "Months" && d.getUTCDate() === s.dayOfMonth) out.push(t);
  }
  return out;
}

function inBlackout(t: number, blackouts: PreviewInput["blackouts"]): boolean {
  if (blackouts.length === 0) return false;
  const d = new Date(t);
  const day = WEEKDAY[d.getUTCDay()];
  const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
  const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return blackouts.some((b) => {
    const from = minuteOf(b.start);
    const to = minuteOf(b.end);
    // A window whose end is before its start runs past midnight (Saturday 22:00–06:00).
    if (from < to) return b.day === day && minute >= from && minute < to;
    const yesterday = WEEKDAY[(d.getUTCDay() + 6) % 7];
    return (b.day === day && minute >= from) || (b.day === yesterday && minute < to);
  });
}

function bucketOf(t: number, start: number, unit: string): number {
  const d = new Date(t);
  switch (unit) {
    case "Days":
      return Math.floor((t - start) / DAY);
    case "Weeks":
      return Math.floor((t - start) / (7 * DAY));
    case "Months":
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    default:
      return d.getUTCFullYear();
  }
}

export function retentionPreview(input: PreviewInput, start: Date, days = 90): RetentionPreview {
  const t0 = start.getTime();
  const end = t0 + days * DAY;
  const runs = [...new Set([...runTimes(input.incremental.unit, input.incremental, t0, end), ...runTimes(input.full.unit, input.full, t0, end)])]
    .filter((t) => !inBlackout(t, input.blackouts))
    .sort((a, b) => a - b);
  const expiry = runs.map((t) => addUnits(t, input.retention.unit, input.retention.duration));
  for (const rule of input.extended) {
    const seen = new Set<number>();
    const firstBucket = bucketOf(t0, t0, rule.unit);
    runs.forEach((t, i) => {
      const bucket = bucketOf(t, t0, rule.unit);
      if (seen.has(bucket)) return;
      seen.add(bucket);
      if ((bucket - firstBucket) % rule.frequency !== 0) return;
      expiry[i] = Math.max(expiry[i] ?? 0, addUnits(t, rule.retentionUnit, rule.retentionDuration));
    });
  }
  const points: RetentionPreview["points"] = [];
  for (let day = 0; day <= days; day++) {
    const at = t0 + day * DAY;
    let count = 0;
    runs.forEach((t, i) => {
      if (t <= at && at < (expiry[i] ?? 0)) count++;
    });
    points.push({ day, at: new Date(at), count });
  }
  const kept = runs.map((t, i) => ({ t, until: expiry[i] ?? 0 })).filter((r) => r.t <= end && end < r.until);
  const keptUntil = kept.length ? Math.max(...kept.map((r) => r.until)) : null;
  return {
    points,
    taken: runs.length,
    peak: Math.max(0, ...points.map((p) => p.count)),
    atEnd: points.at(-1)?.count ?? 0,
    keptUntil: keptUntil === null ? null : new Date(keptUntil),
  };
}
