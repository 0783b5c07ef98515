// Dashboard figures computed from seeded sync tables (no upstream at all): exact numbers, the
// workspace seeing only its own connection, and the ops view seeing all of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@lifeboat/db";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
let mainConn: string;
let otherConn: string;
const HOUR = 3_600_000;
const now = Date.now();
const ago = (hours: number) => new Date(now - hours * HOUR);
const GB = 1_000_000_000n;

beforeAll(async () => {
  t = await openTestDb("ops_dashboard");
  cast = await createCast(t.db);
  const conn = (name: string) =>
    t.db.upstreamConnection.create({
      data: { name, kind: "engine", serviceUrl: "http://127.0.0.1:9/v2", iamTokenUrl: "http://127.0.0.1:9/identity/token", tenantId: "t/", apiKeyCiphertext: encryptSecret("k") },
      select: { id: true },
    });
  mainConn = (await conn("dash-main")).id;
  otherConn = (await conn("dash-other")).id;
  await t.db.workspace.update({ where: { id: cast.workspaceId }, data: { connectionId: mainConn } });

  const seenAt = new Date();
  const run = (groupId: string, runId: string, status: string, startedHoursAgo: number, extra: Record<string, unknown> = {}) => ({
    connectionId: mainConn,
    groupId,
    runId,
    groupName: groupId,
    status,
    startedAt: ago(startedHoursAgo),
    endedAt: status === "Running" ? null : ago(startedHoursAgo - 0.5),
    ...extra,
  });
  await t.db.runSummary.createMany({
    data: [
      run("g1", "1:1", "Succeeded", 1, { bytesRead: 10n * GB, bytesWritten: 2n * GB }),
      run("g1", "1:2", "Succeeded", 30, { bytesRead: 10n * GB, bytesWritten: 1n * GB }),
      run("g2", "2:1", "Failed", 2, { slaViolated: true }),
      run("g2", "2:2", "Succeeded", 50, { bytesWritten: 3n * GB, slaViolated: true }),
      run("g3", "3:1", "Running", 0.25),
      run("g3", "3:2", "SucceededWithWarning", 24 * 10, { bytesWritten: 5n * GB }),
      // Outside every window but the 30-day series boundary check.
      run("g3", "3:3", "Succeeded", 24 * 40, { bytesWritten: 100n * GB }),
      // Another connection's run: never in the workspace's figures.
      { ...run("x1", "9:1", "Failed", 1), connectionId: otherConn },
    ],
  });
  const group = (groupId: string, extra: Record<string, unknown> = {}) => ({ connectionId: mainConn, groupId, name: groupId, seenAt, ...extra });
  await t.db.protectionGroupState.createMany({
    data: [
      group("g1"),
      group("g2"),
      group("g3"),
      // No run in 24 h: counts as "did not run"; paused g5 does not.
      group("g4", { lastRunStatus: "Succeeded", lastRunStartedAt: ago(48) }),
      group("g5", { isPaused: true }),
      { connectionId: otherConn, groupId: "x1", name: "x1", seenAt },
    ],
  });
  const object = (objectId: string, isProtected: boolean, connectionId = mainConn) => ({ connectionId, objectId, name: objectId, isProtected, groupIds: isProtected ? ["g1"] : [], seenAt });
  await t.db.protectedObjectState.createMany({
    data: [object("1", true), object("2", true), object("3", true), object("4", false), object("5", false, otherConn)],
  });
  const connector = (connectorId: string, isConnected: boolean, softwareVersion: string) => ({ connectionId: mainConn, connectorId, name: connectorId, isConnected, softwareVersion, seenAt });
  await t.db.connectorState.createMany({
    data: [connector("c1", true, "1.10.0"), connector("c2", false, "1.9.3"), connector("c3", true, "1.10.0")],
  });
  await t.db.recoverySummary.createMany({
    data: [
      { connectionId: mainConn, recoveryId: "r1", status: "Succeeded", startedAt: ago(3) },
      { connectionId: mainConn, recoveryId: "r2", status: "Failed", startedAt: ago(5) },
      { connectionId: mainConn, recoveryId: "r3", status: "Succeeded", startedAt: ago(30) },
    ],
  });
}, 60_000);
afterAll(() => t?.close());

describe("dashboard", () => {
  it("summarises the workspace's connection from the sync tables", async () => {
    const s = await cast.caller("viewer").dashboard.summary();
    expect(s.objects).toEqual({ protected: 3, unprotected: 1, total: 4 });
    expect(s.runs.last24h).toEqual({ Succeeded: 1, Failed: 1, Running: 1 });
    expect(s.runs.last7d).toEqual({ Succeeded: 3, Failed: 1, Running: 1 });
    expect(s.sla.missedRuns24h).toBe(1);
    expect(s.sla.missedRuns7d).toBe(2);
    expect(s.sla.groupsNotRun24h.map((g) => g.groupId)).toEqual(["g4"]);
    expect(s.failingGroups.map((g) => [g.groupId, g.lastRunStatus])).toEqual([["g2", "Failed"]]);
    expect(s.runningNow.map((r) => r.runId)).toEqual(["3:1"]);
    expect(s.storage).toEqual({
      bytesRead7d: 20_000_000_000,
      bytesWritten7d: 6_000_000_000,
      bytesRead30d: 20_000_000_000,
      bytesWritten30d: 11_000_000_000,
    });
    expect(s.connectors.total).toBe(3);
    expect(s.connectors.disconnected.map((c) => c.connectorId)).toEqual(["c2"]);
    expect(s.agentsUpgradable).toEqual([{ connectionId: mainConn, connectorId: "c2", name: "c2", softwareVersion: "1.9.3", latestVersion: "1.10.0" }]);
    expect(s.recoveries24h).toEqual({ total: 2, byStatus: { Succeeded: 1, Failed: 1 } });
  });

  it("gives 30 days of runs by status and bytes written per UTC day", async () => {
    const { days } = await cast.caller("viewer").dashboard.series({ days: 30 });
    expect(days).toHaveLength(30);
    expect(days.at(-1)!.day).toBe(new Date().toISOString().slice(0, 10));
    const total = (k: string) => days.reduce((sum, d) => sum + (d.runsByStatus[k] ?? 0), 0);
    expect([total("Succeeded"), total("Failed"), total("Running"), total("SucceededWithWarning")]).toEqual([3, 1, 1, 1]);
    expect(days.reduce((sum, d) => sum + d.bytesWritten, 0)).toBe(11_000_000_000);
    const tenDaysAgo = new Date(now - 240 * HOUR).toISOString().slice(0, 10);
    expect(days.find((d) => d.day === tenDaysAgo)?.runsByStatus).toMatchObject({ SucceededWithWarning: 1 });
  });

  it("shows ops every connection, and a workspace without a connection nothing", async () => {
    const ops = await cast.caller("ops").dashboard.ops();
    expect(ops.objects.total).toBe(5);
    expect(ops.runs.last24h).toEqual({ Succeeded: 1, Failed: 2, Running: 1 });
    expect(ops.failingGroups.map((g) => g.groupId).sort()).toEqual(["g2", "x1"]);
    expect(ops.connections.map((c) => [c.name, c.workspaces.map((w) => w.id)])).toEqual([
      ["dash-main", [cast.workspaceId]],
      ["dash-other", []],
    ]);
    const series = await cast.caller("ops").dashboard.opsSeries({ days: 1 });
    expect(series.days).toHaveLength(1);

    await t.db.membership.create({ data: { userId: cast.users.viewer.id, workspaceId: cast.otherWorkspaceId, role: "viewer" } });
    const empty = await cast.caller("viewer", { selectedWorkspaceId: cast.otherWorkspaceId }).dashboard.summary();
    expect(empty.objects.total).toBe(0);
    expect(empty.runs.last7d).toEqual({});
  });
});
