import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_SETTINGS } from "./catalogue.ts";
import { evaluateConditions, staleThresholdMs, type ConnectionState } from "./findings.ts";

const now = new Date("2026-12-07T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const H = 3_600_000;

function state(over: Partial<ConnectionState> = {}): ConnectionState {
  return {
    connection: { id: "c1", name: "engine" },
    groups: [{ groupId: "g1", name: "files", policyId: "p1", isActive: true, isPaused: false }],
    latestFinished: [],
    latest: [],
    lastSuccessAt: new Map(),
    running: [],
    objects: [],
    connectors: [],
    streams: [],
    scheduleIntervalMs: new Map(),
    upgrades: null,
    repositoryChecks: null,
    storage: undefined,
    retentionEvents: null,
    ...over,
  };
}

describe("evaluateConditions", () => {
  it("names a failed group's problem by the group, so the next failed run is the same alert", () => {
    const run = (runId: string, status: string) => ({ groupId: "g1", runId, status, startedAt: ago(H), endedAt: ago(H / 2), slaViolated: false });
    const a = evaluateConditions(state({ latestFinished: [run("r1", "Failed")] }), DEFAULT_ALERT_SETTINGS, now).findings;
    const b = evaluateConditions(state({ latestFinished: [run("r2", "Failed")] }), DEFAULT_ALERT_SETTINGS, now).findings;
    expect(a.map((f) => [f.condition, f.subjectKey, f.subject.runId])).toEqual([["run.failed", "group:g1", "r1"]]);
    expect(b[0]!.subjectKey).toBe(a[0]!.subjectKey);
    expect(evaluateConditions(state({ latestFinished: [run("r3", "SucceededWithWarning")] }), DEFAULT_ALERT_SETTINGS, now).findings.map((f) => f.condition)).toEqual(["run.warning"]);
  });

  it("says why the run failed when the upstream gave a reason, and keeps it in the details", () => {
    const failed = { groupId: "g1", runId: "r1", status: "Failed", startedAt: ago(H), endedAt: ago(H / 2), slaViolated: false, message: "/srv/data: no such file or directory" };
    const [f] = evaluateConditions(state({ latestFinished: [failed] }), DEFAULT_ALERT_SETTINGS, now).findings;
    expect(f!.message).toBe('The newest run of protection group "files" failed: /srv/data: no such file or directory');
    expect(f!.details["reason"]).toBe("/srv/data: no such file or directory");
    const [plain] = evaluateConditions(state({ latestFinished: [{ ...failed, message: null }] }), DEFAULT_ALERT_SETTINGS, now).findings;
    expect(plain!.message).toBe('The newest run of protection group "files" failed');
    expect(plain!.details).not.toHaveProperty("reason");
  });

  it("stale: twice the schedule by default, staleHours when set, nothing for paused groups", () => {
    const objects = [{ objectId: "9", name: "host-a", groupIds: ["g1"], firstSeenAt: ago(100 * H) }];
    const base = { objects, lastSuccessAt: new Map([["g1", ago(9 * H)]]), scheduleIntervalMs: new Map([["g1", 4 * H]]) };
    expect(staleThresholdMs(["g1"], state(base), DEFAULT_ALERT_SETTINGS)).toBe(8 * H);
    expect(evaluateConditions(state(base), DEFAULT_ALERT_SETTINGS, now).findings.map((f) => [f.condition, f.subjectKey])).toEqual([["protection.stale", "object:9"]]);
    expect(evaluateConditions(state(base), { ...DEFAULT_ALERT_SETTINGS, staleHours: 10 }, now).findings).toEqual([]);
    const paused = state({ ...base, groups: [{ groupId: "g1", name: "files", policyId: "p1", isActive: true, isPaused: true }] });
    expect(evaluateConditions(paused, DEFAULT_ALERT_SETTINGS, now).findings).toEqual([]);
  });

  it("offline after the threshold, stalled after its minutes, upstream after N failed passes", () => {
    const s = state({
      connectors: [
        { connectorId: "7", name: "host-a", isConnected: false, disconnectedSince: ago(11 * 60_000) },
        { connectorId: "8", name: "host-b", isConnected: false, disconnectedSince: ago(60_000) },
      ],
      running: [{ groupId: "g1", groupName: "files", runId: "r9", startedAt: ago(H), unchangedSince: ago(31 * 60_000) }],
      streams: [{ stream: "groups", failures: 3, lastError: "HTTP 503", lastOkAt: ago(H) }, { stream: "runs:g1", failures: 9, lastError: "x", lastOkAt: null }],
    });
    const found = evaluateConditions(s, DEFAULT_ALERT_SETTINGS, now).findings.map((f) => `${f.condition} ${f.subjectKey}`);
    expect(found.sort()).toEqual(["agent.offline agent:7", "run.stalled run:g1/r9", "upstream.unreachable connection:c1"]);
  });

  it("keeps conditions without data out of `evaluated`, so their alerts neither open nor resolve", () => {
    const { evaluated } = evaluateConditions(state(), DEFAULT_ALERT_SETTINGS, now);
    expect(evaluated.has("agent.upgradeFailed")).toBe(false);
    expect(evaluated.has("repository.checkFailed")).toBe(false);
    expect(evaluated.has("storage.full")).toBe(false);
    const probed = evaluateConditions(
      state({
        upgrades: [{ agentId: "7", name: "host-a", status: "Failed", error: "checksum mismatch", taskId: "3" }],
        repositoryChecks: [{ sourceId: "5", name: "host-a", status: "Failed", checkedAt: now, message: "pack missing", orphanedSnapshots: 1, missingSnapshots: 0 }],
        storage: { usedBytes: 96, totalBytes: 100, location: "local" },
      }),
      DEFAULT_ALERT_SETTINGS,
      now,
    );
    expect(probed.findings.map((f) => [f.condition, f.severity]).sort()).toEqual([
      ["agent.upgradeFailed", "warning"],
      ["repository.checkFailed", "critical"],
      ["repository.snapshotsInconsistent", "warning"],
      ["storage.full", "critical"],
    ]);
  });
});
