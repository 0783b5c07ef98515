import { describe, expect, it } from "vitest";
import type { RunFilters } from "./run-filters.ts";

const DEFAULT_RUN_FILTERS: RunFilters = { groupId: "", status: "", window: "7d", runType: "" };
import { historyRunToRow, mergeLiveRuns, type RunHistoryItem } from "./run-history.ts";
import type { RunRow } from "@/components/common/use-live.ts";

const now = Date.UTC(2026, 10, 27, 12);
const at = (minAgo: number) => new Date(now - minAgo * 60_000);
const item = (runId: string, status: string, startedMinAgo: number): RunHistoryItem => ({
  groupId: "1:1:1", groupName: "g", runId, environment: "kPhysical", status, runType: "kRegular",
  startedAt: at(startedMinAgo), endedAt: status === "Running" ? null : at(startedMinAgo - 1), durationMs: status === "Running" ? null : 60_000,
  bytesRead: 10, bytesWritten: 5, logicalBytes: 20, slaViolated: false, syncedAt: at(1),
});
const live = (runId: string, status: string, startedMinAgo: number, groupId = "1:1:1"): RunRow => ({
  ...historyRunToRow({ ...item(runId, status, startedMinAgo), groupId }),
});

describe("runs monitor: history + live", () => {
  it("turns a history row into the upstream run shape the row renders", () => {
    const row = historyRunToRow(item("1:100", "Succeeded", 10));
    expect(row).toMatchObject({ id: "1:100", fromHistory: true, protectionGroupId: "1:1:1", view: { status: "Succeeded", finished: true, durationMs: 60_000 } });
    expect(row.localBackupInfo?.localSnapshotStats?.bytesWritten).toBe(5);
  });

  it("puts runs newer than the last sync and active runs on top, once, and keeps the server's order below", () => {
    const history = [item("1:3", "Succeeded", 30), item("1:2", "Running", 20), item("1:1", "Failed", 40)].map(historyRunToRow);
    const rows = mergeLiveRuns(
      history,
      [
        live("1:2", "Running", 20), // in the history: shown there only
        live("1:9", "Succeeded", 2), // finished after the last sync: not in the history yet
        live("1:8", "Running", 3), // running now
        live("1:7", "Succeeded", 50), // old and synced: the history has (or will page to) it
      ],
      { syncedAt: at(5), filters: DEFAULT_RUN_FILTERS, now },
    );
    expect(rows.map((r) => r.id)).toEqual(["1:9", "1:8", "1:3", "1:2", "1:1"]);
  });

  it("applies the monitor's filters to the live runs too", () => {
    const rows = mergeLiveRuns([], [live("1:9", "Succeeded", 2), live("1:8", "Running", 3)], {
      syncedAt: at(5),
      filters: { ...DEFAULT_RUN_FILTERS, status: "Failed" },
      now,
    });
    expect(rows).toEqual([]);
    const incremental = mergeLiveRuns([], [live("1:8", "Running", 3)], { syncedAt: null, filters: { ...DEFAULT_RUN_FILTERS, runType: "kIncremental" }, now });
    expect(incremental.map((r) => r.id)).toEqual(["1:8"]);
  });
});
