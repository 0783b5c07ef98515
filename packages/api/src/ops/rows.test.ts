import { describe, expect, it } from "vitest";
import { compareVersions } from "./dashboard-figures.ts";
import { objectRow, runRow, runSlaViolated, slaOf } from "./rows.ts";

const MIN = 60_000_000;

describe("run rows", () => {
  const sla = slaOf({ sla: [{ backupRunType: "kIncremental", slaMinutes: 60 }, { backupRunType: "kFull", slaMinutes: 240 }] });

  it("reads SLA minutes per run kind (kIncremental covers kRegular runs, reference §Q 13)", () => {
    expect(sla).toEqual({ slaMinutes: 60, fullSlaMinutes: 240 });
    expect(slaOf({})).toEqual({ slaMinutes: null, fullSlaMinutes: null });
  });

  it("flags runs longer than their SLA, still-running ones past it, upstream flags and Missed runs", () => {
    const start = 1_000 * MIN;
    expect(runSlaViolated({ runType: "kRegular", startTimeUsecs: start, endTimeUsecs: start + 61 * MIN }, sla, 0)).toBe(true);
    expect(runSlaViolated({ runType: "kFull", startTimeUsecs: start, endTimeUsecs: start + 61 * MIN }, sla, 0)).toBe(false);
    expect(runSlaViolated({ runType: "kRegular", startTimeUsecs: start }, sla, (start + 30 * MIN) / 1000)).toBe(false);
    expect(runSlaViolated({ runType: "kRegular", startTimeUsecs: start }, sla, (start + 90 * MIN) / 1000)).toBe(true);
    expect(runSlaViolated({ isSlaViolated: true }, slaOf({}), 0)).toBe(true);
    expect(runSlaViolated({ status: "Missed" }, slaOf({}), 0)).toBe(true);
  });

  it("maps a run's local backup summary, bytes as bigint, times from µs", () => {
    const row = runRow("c", { id: "1:2:3", name: "g" }, {
      id: "5:6",
      localBackupInfo: { status: "Failed", runType: "kFull", startTimeUsecs: 1_700_000_000_000_000, localSnapshotStats: { bytesRead: 7, bytesWritten: 3 } },
    }, sla, 0);
    expect(row).toMatchObject({ runId: "5:6", groupName: "g", status: "Failed", runType: "kFull", bytesRead: 7n, bytesWritten: 3n, endedAt: null });
    expect(row.startedAt?.toISOString()).toBe("2023-11-14T22:13:20.000Z");
  });

  it("counts an object as protected only through a live protection info with a group", () => {
    const seen = new Date();
    expect(objectRow("c", { id: 1, objectProtectionInfos: [{ isDeleted: true, protectionGroups: [{ id: "g" }] }] }, seen).isProtected).toBe(false);
    expect(objectRow("c", { id: 1, objectProtectionInfos: [{ protectionGroups: [{ id: "g" }, { id: "g" }] }] }, seen).groupIds).toEqual(["g"]);
  });
});

describe("compareVersions", () => {
  it("compares dotted versions numerically", () => {
    expect(compareVersions("1.10.0", "1.9.3")).toBe(1);
    expect(compareVersions("v0.2.0", "0.2.0")).toBe(0);
    expect(compareVersions("0.1.0", "0.1.1")).toBe(-1);
  });
});
