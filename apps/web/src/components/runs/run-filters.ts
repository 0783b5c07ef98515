// The runs monitor's URL state (lib/list-params.ts) as the `protectionGroup.run.list` / `history`
// filter. The upstream searches only the last hour unless a start time is given (§Q 23), so "any
// time" sends 1 µs.
import { windowStart, type RunListState } from "@/lib/list-params.ts";
import type { RouterInputs } from "@/trpc/types.ts";

export type RunFilters = Pick<RunListState, "groupId" | "status" | "window" | "runType">;
export type RunListFilter = NonNullable<RouterInputs["protectionGroup"]["run"]["list"]["filter"]>;

export function toRunListFilter(f: RunFilters, now = Date.now()): RunListFilter {
  const start = windowStart(f.window, now);
  return {
    startTimeUsecs: start === null ? 1 : start * 1000,
    ...(f.status ? { localBackupRunStatus: [f.status] } : {}),
    ...(f.runType ? { runTypes: [f.runType] } : {}),
  };
}
