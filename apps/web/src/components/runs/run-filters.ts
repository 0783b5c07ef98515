// The monitor's filters and the `protectionGroup.run.list` filter they become. The upstream
// searches only the last hour unless a start time is given (§Q 23), so "any time" sends 1 µs.
import type { RouterInputs } from "@/trpc/types.ts";

export const RUN_STATUSES = ["Running", "Accepted", "Paused", "Succeeded", "SucceededWithWarning", "Failed", "Canceled", "Missed", "Skipped"] as const;
export const TIME_WINDOWS = { "24h": 24 * 3600_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, all: null } as const;

export interface RunFilters {
  groupId: string;
  status: "" | (typeof RUN_STATUSES)[number];
  window: keyof typeof TIME_WINDOWS;
  runType: "" | "kFull" | "kIncremental";
}

export const DEFAULT_RUN_FILTERS: RunFilters = { groupId: "", status: "", window: "7d", runType: "" };

export type RunListFilter = NonNullable<RouterInputs["protectionGroup"]["run"]["list"]["filter"]>;

export function toRunListFilter(f: RunFilters, now = Date.now()): RunListFilter {
  const span = TIME_WINDOWS[f.window];
  return {
    startTimeUsecs: span === null ? 1 : (now - span) * 1000,
    ...(f.status ? { localBackupRunStatus: [f.status] } : {}),
    ...(f.runType ? { runTypes: [f.runType] } : {}),
  };
}
