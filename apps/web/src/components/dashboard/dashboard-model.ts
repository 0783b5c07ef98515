// Pure figures of the dashboard, from the BFF's dashboard.summary / dashboard.series outputs.
import type { AppRouter } from "@lifeboat/api";
import type { inferRouterOutputs } from "@trpc/server";

type Out = inferRouterOutputs<AppRouter>["dashboard"];
export type Summary = Out["summary"];
export type SeriesDay = Out["series"]["days"][number];

/** Colours per run status, the same in the tiles' dots and the chart. */
export const STATUS_COLORS: Record<string, string> = {
  Succeeded: "#10b981",
  SucceededWithWarning: "#84cc16",
  Failed: "#ef4444",
  Canceled: "#94a3b8",
  Running: "#0ea5e9",
  Accepted: "#6366f1",
  Skipped: "#cbd5e1",
  Missed: "#f59e0b",
};
export const STATUS_ORDER = ["Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Missed", "Skipped", "Running", "Accepted"];

export function protectedPercent(objects: Summary["objects"]): number | null {
  return objects.total === 0 ? null : Math.round((objects.protected / objects.total) * 1000) / 10;
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Statuses present in the counts, in a stable order (known statuses first). */
export function orderedStatuses(counts: Record<string, number>): string[] {
  const keys = Object.keys(counts).filter((k) => (counts[k] ?? 0) > 0);
  return [...STATUS_ORDER.filter((s) => keys.includes(s)), ...keys.filter((k) => !STATUS_ORDER.includes(k)).sort()];
}

/** Chart rows: one per day with a number for every status seen in the window (0 when absent). */
export function chartRows(days: SeriesDay[]): { statuses: string[]; rows: Record<string, number | string>[] } {
  const all: Record<string, number> = {};
  for (const d of days) for (const [s, n] of Object.entries(d.runsByStatus)) all[s] = (all[s] ?? 0) + n;
  const statuses = orderedStatuses(all);
  const rows = days.map((d) => ({
    day: d.day,
    ...Object.fromEntries(statuses.map((s) => [s, d.runsByStatus[s] ?? 0])),
    bytesWritten: d.bytesWritten,
    bytesRead: d.bytesRead,
  }));
  return { statuses, rows };
}
