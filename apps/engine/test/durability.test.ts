// Background work survives an engine restart (pg-boss in PostgreSQL), and deleting a group that
// owns snapshots keeps it as `isDeleted` unless deleteSnapshots=true (reference §3).
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { waitFor } from "./helpers/agent-process.ts";
import { heartbeat, poll, registerHost, reportResult } from "./helpers/agent-sim.ts";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";
import { expectUpstreamError } from "./helpers/expect-error.ts";

let engine: EngineProcess;
const pkgDir = inject("agentPackageDir");

beforeAll(async () => {
  engine = await startEngineProcess({ ENGINE_AGENT_PACKAGE_DIR: pkgDir });
});
afterAll(async () => {
  await engine?.stop();
});

async function setupHost(name: string) {
  const api = engine.client();
  const conn = await api.createDataSourceConnection({ body: { connectionName: `conn-${name}` } });
  const agent = await registerHost(engine.url, conn.registrationToken!, name);
  const reg = await api.registerProtectionSource({
    body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: name } },
  });
  return { agent, hostId: reg.sourceId! };
}

describe("durability", () => {
  it("a scheduled upgrade task created before a restart runs after it", { timeout: 120_000 }, async () => {
    const { agent, hostId } = await setupHost("durable-host");
    const startAt = (Date.now() + 3_000) * 1000;
    const task = await engine.client().createUpgradeTask({ body: { name: "later", agentIDs: [hostId], scheduleTimeUsecs: startAt } });
    expect(task.status).toBe("Scheduled");

    await engine.restart();
    const api = engine.client();
    const command = await waitFor("the upgrade command in a poll answer", async () => {
      // Heartbeats keep the agent online; commands come only with the long poll (one channel).
      const hb = await heartbeat(engine.url, agent.agentToken, "durable-host");
      expect(hb.body.commands).toEqual([]);
      return (await poll(engine.url, agent.agentToken)).find((c) => c.type === "upgrade");
    }, 60_000);
    const manifest = JSON.parse(await readFile(path.join(pkgDir, "manifest.json"), "utf8")) as { sha256: string; file: string };
    expect(command).toMatchObject({ targetVersion: "0.1.1", sha256: manifest.sha256, packagePath: `/package/${manifest.file}`, taskId: String(task.id) });
    const running = (await api.getUpgradeTasks({ query: { ids: [task.id!] } })).tasks![0]!;
    expect(running.status).toBe("Running");
    expect(running.startTimeUsecs!).toBeGreaterThanOrEqual(startAt);

    expect(await reportResult(engine.url, agent.agentToken, command.id, "Failed", "disk full")).toBe(204);
    const failed = (await api.getUpgradeTasks({ query: { ids: [task.id!] } })).tasks![0]!;
    expect(failed).toMatchObject({ status: "Failed", isRetryable: true });
    expect(failed.agents![0]!.info).toMatchObject({ status: "Failed", error: { message: "disk full" } });
    // A retry task picks the failed agents of the previous one.
    const retry = await api.createUpgradeTask({ body: { retryTaskId: task.id! } });
    expect(retry).toMatchObject({ type: "Retry", retriedTaskID: task.id, agentIDs: [hostId] });
  });

  it("a second engine process on the same database serves the same data and ids", { timeout: 120_000 }, async () => {
    const peer = await engine.startPeer();
    try {
      const policy = await engine.client().createProtectionPolicy({
        body: { name: "seen-by-peer", backupPolicy: { regular: { incremental: { schedule: { unit: "Days", daySchedule: { frequency: 1 } } }, retention: { unit: "Days", duration: 3 } } } },
      });
      const token = await fetch(`${peer.url}/identity/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: engine.bootstrap.apiKey }),
      }).then((r) => r.json() as Promise<{ access_token: string }>);
      const res = await fetch(`${peer.url}/v2/data-protect/policies/${policy.id}`, {
        headers: { authorization: `Bearer ${token.access_token}`, "x-ibm-tenant-id": engine.bootstrap.tenantId },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: policy.id, name: "seen-by-peer" });
    } finally {
      await peer.stop();
    }
  });

  it("a group with snapshots is kept as deleted unless deleteSnapshots=true", { timeout: 60_000 }, async () => {
    const api = engine.client();
    const { hostId } = await setupHost("snap-host");
    const policy = await api.createProtectionPolicy({
      body: { name: "keep", backupPolicy: { regular: { full: { schedule: { unit: "ProtectOnce" } }, retention: { unit: "Years", duration: 1 } } } },
    });
    const body = {
      name: "with-snapshots", policyId: policy.id!, environment: "kPhysical" as const,
      physicalParams: { protectionType: "kFile" as const, fileProtectionTypeParams: { objects: [{ id: hostId }] } },
    };
    const group = await api.createProtectionGroup({ body });
    expect(group.isProtectOnce).toBe(true);
    // Backups write runs and snapshots; here one of each is put in place directly (no agent).
    const seq = group.id!.split(":")[2]!;
    const db = new pg.Client({ connectionString: engine.databaseUrl });
    await db.connect();
    try {
      const run = await db.query<{ id: string }>(
        `INSERT INTO "ProtectionRun" ("groupSeq", "runType", status, "startTimeUsecs", "endTimeUsecs") VALUES ($1, 'kFull', 'Succeeded', 1700000000000000, 1700000060000000) RETURNING id`,
        [seq],
      );
      await db.query(`INSERT INTO "Snapshot" ("runId", "objectId", "timestampUsecs") VALUES ($1, $2, 1700000000000000)`, [run.rows[0]!.id, hostId]);
    } finally {
      await db.end();
    }
    const withRun = await api.getProtectionGroupByID({ pathParams: { id: group.id! }, query: { includeLastRunInfo: true } });
    expect(withRun.lastRun).toMatchObject({ protectionGroupId: group.id, localBackupInfo: { status: "Succeeded", runType: "kFull" } });
    expect((await api.getProtectionGroups({ query: { lastRunLocalBackupStatus: ["Succeeded"] } })).protectionGroups!.map((g) => g.id)).toEqual([group.id]);

    await api.deleteProtectionGroup({ pathParams: { id: group.id! } });
    expect(await api.getProtectionGroupByID({ pathParams: { id: group.id! } })).toMatchObject({ isDeleted: true, isActive: false });
    expect((await api.getProtectionGroups({})).protectionGroups ?? []).toEqual([]);
    expect((await api.getProtectionGroups({ query: { isDeleted: true } })).protectionGroups!.map((g) => g.id)).toEqual([group.id]);
    await expectUpstreamError(api.deleteProtectionPolicy({ pathParams: { id: policy.id! } }), 409, /keeps snapshots/);
    const again = await api.createProtectionGroup({ body }); // the name is free again
    await api.deleteProtectionGroup({ pathParams: { id: again.id! } });

    await api.deleteProtectionGroup({ pathParams: { id: group.id! }, query: { deleteSnapshots: true } });
    await expectUpstreamError(api.getProtectionGroupByID({ pathParams: { id: group.id! } }), 404);
    await api.deleteProtectionPolicy({ pathParams: { id: policy.id! } });
  });
});
