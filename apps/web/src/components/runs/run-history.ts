// The runs monitor across groups reads `protectionGroup.run.history` (the portal's synced copy,
// sortable and paged on the server) and overlays the live `watch` feeds. The history lags the
// upstream by up to one ops-sync tick, so a run that started after the last sync is not in it yet:
// such runs (and every run active right now) come from the live feeds, on top of the sorted list,
// once each. On top rather than sorted in: the loaded pages are only a window of the server's
// order, so a client-side insert would put a run between rows it does not belong between.
import type { RouterOutputs } from "@/trpc/types.ts";
import { windowStart } from "@/lib/list-params.ts";
import type { RunFilters } from "./run-filters.ts";
import { isActiveStatus, plainStatus } from "@/lib/format.ts";
import type { RunRow } from "@/components/common/use-live.ts";

export type RunHistoryItem = RouterOutputs["protectionGroup"]["run"]["history"]["items"][number];

const usecs = (d: Date | null) => (d ? d.getTime() * 1000 : undefined);

/** A history row in the shape of an upstream run (§M.4), so one row component renders both. */
export function historyRunToRow(item: RunHistoryItem): RunRow {
  return {
    id: item.runId,
    /** Marks a row of the synced history (the page shows it as `data-source="history"`). */
    fromHistory: true,
    protectionGroupId: item.groupId,
    protectionGroupName: item.groupName,
    localBackupInfo: {
      runType: item.runType ?? undefined,
      status: item.status,
      isSlaViolated: item.slaViolated,
      startTimeUsecs: usecs(item.startedAt),
      endTimeUsecs: usecs(item.endedAt),
      localSnapshotStats: { bytesRead: item.bytesRead, bytesWritten: item.bytesWritten, logicalSizeBytes: item.logicalBytes },
    },
    view: {
      status: item.status,
      finished: !isActiveStatus(item.status),
      startedAt: item.startedAt,
      endedAt: item.endedAt,
      durationMs: item.durationMs,
      progress: null,
      etaMs: null,
    },
  };
}

export const runKey = (r: Pick<RunRow, "protectionGroupId" | "id">) => `${r.protectionGroupId ?? ""}/${r.id ?? ""}`;

/** Whether a live run passes the monitor's filters (the server applies the same ones to the history). */
export function matchesRunFilters(run: RunRow, f: RunFilters, now = Date.now()): boolean {
  const info = run.localBackupInfo ?? run.originalBackupInfo;
  const status = plainStatus(run.view.status ?? info?.status);
  if (f.groupId && run.protectionGroupId !== f.groupId) return false;
  if (f.status && status !== f.status) return false;
  // §Q 13: the list filter's kIncremental is the stored kRegular.
  if (f.runType && (info?.runType === "kRegular" ? "kIncremental" : info?.runType) !== f.runType) return false;
  const start = windowStart(f.window, now);
  const started = run.view.startedAt?.getTime();
  if (start !== null && started !== undefined && started < start) return false;
  return true;
}

/**
 * The rows to show: live runs missing from the loaded history that are active now or started after
 * the last sync (newest first), then the history in the server's order. A run in both shows once,
 * in its sorted place (the row component overlays its live state there).
 */
export function mergeLiveRuns(history: readonly RunRow[], live: readonly RunRow[], opts: { syncedAt: Date | null; filters: RunFilters; now?: number }): RunRow[] {
  const seen = new Set(history.map(runKey));
  const synced = opts.syncedAt?.getTime() ?? null;
  const extra = new Map<string, RunRow>();
  for (const run of live) {
    const key = runKey(run);
    if (seen.has(key) || extra.has(key)) continue;
    const started = run.view.startedAt?.getTime() ?? null;
    const newerThanSync = synced === null || started === null || started >= synced;
    if (!isActiveStatus(run.view.status) && !newerThanSync) continue;
    if (!matchesRunFilters(run, opts.filters, opts.now)) continue;
    extra.set(key, run);
  }
  const top = [...extra.values()].sort((a, b) => (b.view.startedAt?.getTime() ?? 0) - (a.view.startedAt?.getTime() ?? 0));
  return [...top, ...history];
}
