// The ops sync against a local HTTP upstream (runs and recoveries, which the bundled engine does
// not serve yet): a bounded first pass that resumes, incremental later passes, idempotent upserts,
// running runs re-read to their final state, per-stream errors recorded and cleared, groups deleted
// upstream removed, and one tick at a time across processes (advisory lock).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "@lifeboat/db";
import { silentLog } from "../../src/index.ts";
import { runOpsSyncTick } from "../../src/ops/ops-sync.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startOpsUpstream, type OpsUpstream } from "./ops-upstream.ts";

const MIN_USECS = 60_000_000;
const nowUsecs = Date.now() * 1000;
const GROUP = "10:1:1";
const SMALL = "10:1:2";

function run(groupId: string, n: number, opts: { status?: string; minutes?: number } = {}) {
  const start = nowUsecs - (n + 1) * 25 * MIN_USECS;
  const running = opts.status === "Running";
  return {
    id: `${groupId.split(":")[2]}:${n}`,
    protectionGroupId: groupId,
    protectionGroupName: groupId === GROUP ? "hosts" : "small",
    localBackupInfo: {
      runType: "kRegular",
      status: opts.status ?? "Succeeded",
      startTimeUsecs: start,
      ...(running ? {} : { endTimeUsecs: start + (opts.minutes ?? 10) * MIN_USECS }),
      localSnapshotStats: { bytesRead: 1000, bytesWritten: 100, logicalSizeBytes: 5000 },
    },
  };
}

let t: TestDb;
let upstream: OpsUpstream;
let connectionId: string;
const budget = { runPages: 50, runPagesPerGroup: 2, objectPages: 5 };

beforeAll(async () => {
  t = await openTestDb("ops_sync");
  const big = Array.from({ length: 250 }, (_, n) => run(GROUP, n, n === 0 ? { status: "Running" } : n === 5 ? { minutes: 90 } : {}));
  upstream = await startOpsUpstream({
    groups: [
      { id: GROUP, name: "hosts", environment: "kPhysical", isActive: true, sla: [{ backupRunType: "kIncremental", slaMinutes: 60 }], numProtectedObjects: 1 },
      { id: SMALL, name: "small", environment: "kPhysical", isActive: true, lastRun: run(SMALL, 0) },
    ],
    runs: { [GROUP]: big, [SMALL]: [run(SMALL, 0), run(SMALL, 1, { status: "Failed" }), run(SMALL, 2)] },
    objects: [
      { id: 1, name: "host-a", environment: "kPhysical", objectProtectionInfos: [{ objectId: 1, protectionGroups: [{ id: GROUP, name: "hosts" }] }] },
      { id: 2, name: "host-b", environment: "kPhysical", objectProtectionInfos: [{ objectId: 2, protectionGroups: [] }] },
      { id: 3, name: "host-c", environment: "kPhysical" },
    ],
    connectors: [
      { connectorId: "9007199254740993", connectorName: "a", connectivityStatus: { isConnected: true, lastConnectedTimestampSecs: Math.floor(Date.now() / 1000) }, softwareVersion: "0.2.0" },
      { connectorId: "9007199254740995", connectorName: "b", connectivityStatus: { isConnected: false }, softwareVersion: "0.1.0" },
    ],
    recoveries: "fail",
  });
  connectionId = (
    await t.db.upstreamConnection.create({
      data: {
        name: "ops-upstream",
        kind: "ibm",
        serviceUrl: `${upstream.url}/v2`,
        iamTokenUrl: `${upstream.url}/identity/token`,
        tenantId: "ops/",
        apiKeyCiphertext: encryptSecret("ops-api-key"),
      },
      select: { id: true },
    })
  ).id;
}, 60_000);
afterAll(async () => {
  await upstream?.close();
  await t?.close();
});

const tick = () => runOpsSyncTick({ db: t.db, log: silentLog, budget });
const runsOf = (groupId: string) => t.db.runSummary.count({ where: { connectionId, groupId } });
const cursorOf = (stream: string) => t.db.syncCursor.findUniqueOrThrow({ where: { connectionId_stream: { connectionId, stream } } });

describe("ops sync", () => {
  it("reads a long history in bounded ticks, resuming where the budget ran out", async () => {
    const first = await tick();
    // Two pages of the big group: 100, then 99 (the upstream caps numRuns at 100, so the page
    // that skips the boundary run comes back one short; the walk loses nothing, see below).
    expect(first!.connections[0]!.runsUpserted).toBe(199 + 3);
    expect(await runsOf(GROUP)).toBe(199);
    expect((await cursorOf(`runs:${GROUP}`)).resume).not.toBeNull();
    expect((await cursorOf(`runs:${SMALL}`)).watermarkUsecs).not.toBeNull();

    await tick();
    expect(await runsOf(GROUP)).toBe(250);
    const cursor = await cursorOf(`runs:${GROUP}`);
    expect(cursor.resume).toBeNull();
    expect(cursor.watermarkUsecs).not.toBeNull();

    const slow = await t.db.runSummary.findUniqueOrThrow({ where: { connectionId_groupId_runId: { connectionId, groupId: GROUP, runId: "1:5" } } });
    expect(slow).toMatchObject({ status: "Succeeded", slaViolated: true, bytesRead: 1000n, bytesWritten: 100n, groupName: "hosts" });
    expect(await t.db.runSummary.count({ where: { connectionId, slaViolated: true } })).toBe(1);
  });

  it("records objects, connectors and groups; a failing stream is recorded, not fatal", async () => {
    const objects = await t.db.protectedObjectState.findMany({ where: { connectionId }, orderBy: { objectId: "asc" } });
    expect(objects.map((o) => [o.name, o.isProtected])).toEqual([
      ["host-a", true],
      ["host-b", false],
      ["host-c", false],
    ]);
    const connectors = await t.db.connectorState.findMany({ where: { connectionId }, orderBy: { connectorId: "asc" } });
    expect(connectors.map((c) => [c.connectorId, c.isConnected, c.softwareVersion])).toEqual([
      ["9007199254740993", true, "0.2.0"],
      ["9007199254740995", false, "0.1.0"],
    ]);
    const group = await t.db.protectionGroupState.findUniqueOrThrow({ where: { connectionId_groupId: { connectionId, groupId: GROUP } } });
    expect(group).toMatchObject({ name: "hosts", slaMinutes: 60, isActive: true });
    const recoveries = await cursorOf("recoveries");
    expect(recoveries.lastError).toContain("HTTP 503");
    expect(recoveries.lastError).not.toContain("ops-api-key");
    expect(recoveries.failures).toBe(2);
    expect((await cursorOf("groups")).lastError).toBeNull();
  });

  it("later ticks read only new runs plus the ones still running, and upserts are idempotent", async () => {
    const watermark = Number((await cursorOf(`runs:${GROUP}`)).watermarkUsecs);
    const big = upstream.state.runs[GROUP]!;
    big[0] = { ...run(GROUP, 0), localBackupInfo: { ...run(GROUP, 0).localBackupInfo, status: "Failed" } };
    big.push({ ...run(GROUP, -1), id: "1:new" });
    upstream.state.recoveries = [{ id: "5:5:5", name: "restore", status: "Succeeded", startTimeUsecs: nowUsecs - 60 * MIN_USECS }];
    upstream.state.groups = upstream.state.groups.filter((g) => g.id !== SMALL);
    upstream.requests.length = 0;

    await tick();
    const runCalls = upstream.requests.filter((r) => r.path.endsWith(`${encodeURIComponent(GROUP)}/runs`) || r.path.endsWith(`${GROUP}/runs`));
    expect(runCalls.length).toBe(1);
    // From the oldest run still open (run 0, 25 min ago), not from 30 days back.
    expect(Number(runCalls[0]!.query.startTimeUsecs)).toBeGreaterThanOrEqual(Math.min(watermark - 3_600_000_000, nowUsecs - 25 * MIN_USECS) - 1);
    expect(Number(runCalls[0]!.query.startTimeUsecs)).toBeGreaterThan(nowUsecs - 2 * 3_600_000_000);

    expect(await runsOf(GROUP)).toBe(251);
    const reread = await t.db.runSummary.findUniqueOrThrow({ where: { connectionId_groupId_runId: { connectionId, groupId: GROUP, runId: "1:0" } } });
    expect(reread.status).toBe("Failed");
    expect(await t.db.protectionGroupState.count({ where: { connectionId } })).toBe(1);
    const recoveries = await cursorOf("recoveries");
    expect([recoveries.lastError, recoveries.failures]).toEqual([null, 0]);
    expect(await t.db.recoverySummary.count({ where: { connectionId } })).toBe(1);

    await tick();
    expect(await runsOf(GROUP)).toBe(251);
    expect(await t.db.recoverySummary.count({ where: { connectionId } })).toBe(1);
  });

  it("lets only one process tick at a time", async () => {
    const results = await Promise.all([tick(), tick()]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
  });
});
