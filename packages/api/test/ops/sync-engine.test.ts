// The ops sync against the real bundled engine process, for what the engine serves today: groups
// (with their SLA), objects, connectors (two agents on different versions), recoveries. The engine
// answers 501 for runs until its part 2; the sync records that per stream and carries on (runs are
// covered against a local HTTP upstream in sync.test.ts). The dashboard then reads the result.
import { AGENT_API_PREFIX, PROTOCOL_VERSION } from "@lifeboat/agent-protocol";
import { encryptSecret } from "@lifeboat/db";
import { createUpstreamClient } from "@lifeboat/upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLog } from "../../src/index.ts";
import { runOpsSyncTick } from "../../src/ops/ops-sync.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let connectionId: string;
let groupId: string;

async function registerHost(registrationToken: string, hostName: string, agentVersion: string, address: string) {
  const res = await fetch(`${engine.url}${AGENT_API_PREFIX}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      registrationToken,
      protocolVersion: PROTOCOL_VERSION,
      hostName,
      addresses: [address],
      os: "kLinux",
      osVersion: "Debian 12",
      agentVersion,
      resticVersion: "0.14.0",
      volumes: [{ mountPoint: "/", fsType: "ext4", sizeBytes: 10_000_000_000 }],
    }),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  [t, engine] = await Promise.all([openTestDb("ops_engine"), startEngine()]);
  cast = await createCast(t.db);
  connectionId = (
    await t.db.upstreamConnection.create({
      data: {
        name: "ops-engine",
        kind: "engine",
        serviceUrl: `${engine.url}/v2`,
        iamTokenUrl: `${engine.url}/identity/token`,
        tenantId: engine.tenantId,
        apiKeyCiphertext: encryptSecret(engine.apiKey),
      },
      select: { id: true },
    })
  ).id;
  await t.db.workspace.update({ where: { id: cast.workspaceId }, data: { connectionId } });

  const upstream = createUpstreamClient({
    serviceUrl: `${engine.url}/v2`,
    tenantId: engine.tenantId,
    auth: { type: "iam", apiKey: engine.apiKey, tokenUrl: `${engine.url}/identity/token` },
  });
  const conn = await upstream.createDataSourceConnection({ body: { connectionName: "site-ops" } });
  const token = await upstream.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } });
  await registerHost(token, "host-a", "0.2.0", "10.1.0.1");
  await registerHost(token, "host-b", "0.1.0", "10.1.0.2");
  const source = (name: string, endpoint: string) =>
    upstream.registerProtectionSource({
      body: { environment: "kPhysical", name, dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint, hostType: "kLinux", physicalType: "kHost" } },
    });
  const a = await source("host-a", "10.1.0.1");
  await source("host-b", "10.1.0.2");
  const policy = await upstream.createProtectionPolicy({
    body: {
      name: "daily",
      backupPolicy: {
        regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Days", duration: 7 } },
      },
    },
  });
  const group = await upstream.createProtectionGroup({
    body: {
      name: "hosts",
      policyId: policy.id!,
      environment: "kPhysical",
      sla: [{ backupRunType: "kIncremental", slaMinutes: 120 }],
      physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: a.sourceId!, filePaths: [{ includedPath: "/data" }] }] } },
    },
  });
  groupId = group.id!;
}, 180_000);
afterAll(async () => {
  await engine?.stop();
  await t?.close();
});

describe("ops sync against the engine", () => {
  it("records groups, objects, connectors and recoveries; runs synced or their 501 recorded", async () => {
    const report = await runOpsSyncTick({ db: t.db, log: silentLog });
    const streams = Object.fromEntries(report!.connections[0]!.streams.map((s) => [s.stream, s]));
    expect(streams["groups"]?.ok).toBe(true);
    expect(streams["objects"]?.ok).toBe(true);
    expect(streams["connectors"]?.ok).toBe(true);
    // Engine part 2 (landing while this was written) serves runs; an engine without it answers 501,
    // which must be recorded on the group's stream without failing the tick.
    const runs = streams[`runs:${groupId}`]!;
    if (!runs.ok) expect(runs.error).toContain("HTTP 501");
    expect(streams["recoveries"]?.ok).toBe(true);

    const group = await t.db.protectionGroupState.findUniqueOrThrow({ where: { connectionId_groupId: { connectionId, groupId } } });
    expect(group).toMatchObject({ name: "hosts", slaMinutes: 120, isActive: true, isPaused: false });
    const objects = await t.db.protectedObjectState.findMany({ where: { connectionId }, orderBy: { name: "asc" } });
    // The engine also lists each host's volumes as objects; the hosts are what the group names.
    expect(objects.filter((o) => o.name.startsWith("host-")).map((o) => [o.name, o.isProtected, o.groupIds])).toEqual([
      ["host-a", true, [groupId]],
      ["host-b", false, []],
    ]);
    const connectors = await t.db.connectorState.findMany({ where: { connectionId }, orderBy: { softwareVersion: "asc" } });
    expect(connectors.map((c) => [c.softwareVersion, c.isConnected])).toEqual([
      ["0.1.0", true],
      ["0.2.0", true],
    ]);

    const summary = await cast.caller("viewer").dashboard.summary();
    expect(summary.objects).toEqual({ protected: 1, unprotected: objects.length - 1, total: objects.length });
    expect(summary.agentsUpgradable.map((a) => [a.softwareVersion, a.latestVersion])).toEqual([["0.1.0", "0.2.0"]]);
    expect(summary.connectors).toMatchObject({ total: 2, connected: 2, disconnected: [] });
    // The new group has not run: it shows up as an SLA miss ("did not run in 24 h").
    expect(summary.sla.groupsNotRun24h.map((g) => g.name)).toEqual(["hosts"]);
    expect(summary.sync.map((s) => [s.stream, s.lastError])).toEqual(
      expect.arrayContaining([["groups", null], ["objects", null], ["connectors", null], ["recoveries", null]]),
    );
    const runsCursor = await t.db.syncCursor.findUniqueOrThrow({ where: { connectionId_stream: { connectionId, stream: `runs:${groupId}` } } });
    expect(runsCursor.lastError === null ? runsCursor.watermarkUsecs !== null : runsCursor.lastError.includes("HTTP 501")).toBe(true);

    // A second tick changes nothing but the timestamps.
    await runOpsSyncTick({ db: t.db, log: silentLog });
    expect(await t.db.protectedObjectState.count({ where: { connectionId } })).toBe(objects.length);
    expect(await t.db.connectorState.count({ where: { connectionId } })).toBe(2);
  });
});
