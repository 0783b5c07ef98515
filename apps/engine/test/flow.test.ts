// The whole configuration flow against the real engine and a real agent process, driven only
// through @lifeboat/upstream: connection → registration token → agent registers and heartbeats →
// source registration with its object tree → policy → group (pause/unpause) → search → agent
// download and upgrade → deletes, and the agent stops when its connector is deleted.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAgentProcess, waitFor, type AgentProcess } from "./helpers/agent-process.ts";
import { registerHost } from "./helpers/agent-sim.ts";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

let engine: EngineProcess;
let agent: AgentProcess;
let tmp: string;
let api: ReturnType<EngineProcess["client"]>;
const hostName = `flow-host-${process.pid}`;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-engine-flow-"));
  engine = await startEngineProcess({ ENGINE_AGENT_PACKAGE_DIR: inject("agentPackageDir"), ENGINE_AGENT_OFFLINE_SECS: "5" });
  api = engine.client();
}, 180_000);
afterAll(async () => {
  await agent?.stop();
  await engine?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("configuration flow with a real agent", () => {
  it("runs from connection to group and back, and upgrades and removes the agent", { timeout: 150_000 }, async () => {
    const conn = await api.createDataSourceConnection({ body: { connectionName: "flow" } });
    expect(conn.connectionId).toMatch(/^\d{16,19}$/); // int64 beyond 2^53, a string (§Q 15)
    const regToken = await api.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } });

    agent = startAgentProcess({
      AGENT_ENGINE_URL: engine.url,
      AGENT_REGISTRATION_TOKEN: regToken,
      AGENT_STATE_DIR: path.join(tmp, "agent-state"),
      AGENT_HOME: path.join(tmp, "agent-home"),
      AGENT_HOST_NAME: hostName,
    });
    const connector = await waitFor("the agent's connector", async () =>
      (await api.getDataSourceConnectors({ query: { connectionId: conn.connectionId! } })).connectors?.find((c) => c.connectivityStatus?.isConnected),
    );
    expect(connector).toMatchObject({ connectionId: conn.connectionId, connectorName: hostName, softwareVersion: "0.1.0" });
    expect(connector.connectivityStatus!.message).toContain(hostName);
    // The extension fields the portal reads instead of parsing the message (restic is installed here).
    expect(connector).toMatchObject({ hostName, resticVersion: expect.stringMatching(/^\d+\.\d+/) });
    expect((await api.getDataSourceConnections({ query: { connectionIds: [conn.connectionId!] } })).connections![0]!.connectorIds).toEqual([connector.connectorId]);
    const renamed = await api.patchDataSourceConnector({ pathParams: { connectorId: connector.connectorId! }, body: { connectorName: "renamed" } });
    expect(renamed.connectorName).toBe("renamed");

    // Registration by host name: the object tree holds the host and its real mount points.
    const reg = await api.registerProtectionSource({
      body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName, hostType: "kLinux" } },
    });
    expect(reg).toMatchObject({ name: hostName, environment: "kPhysical", sourceInfo: { name: hostName, objectType: "kHost" } });
    const mounts = (reg.sourceInfo!.childObjects ?? []).map((c) => c.name);
    expect(mounts).toContain("/");
    const hostId = reg.sourceId!;
    // PATCH carries only `environment` (§Q 10) and refreshes the tree; PUT replaces with a stamp check.
    const patched = await api.patchProtectionSourceRegistration({ pathParams: { id: reg.id! }, body: { environment: "kPhysical" } });
    expect(patched.sourceId).toBe(hostId);
    const regBody = { environment: "kPhysical" as const, dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: hostName } };
    const renamedReg = await api.updateProtectionSourceRegistration({
      pathParams: { id: reg.id! },
      body: { ...regBody, name: "flow-source", lastModifiedTimestampUsecs: patched.lastModifiedTimestampUsecs as number },
    });
    expect(renamedReg).toMatchObject({ name: "flow-source", sourceId: hostId });
    await expect(
      api.updateProtectionSourceRegistration({ pathParams: { id: reg.id! }, body: { ...regBody, lastModifiedTimestampUsecs: patched.lastModifiedTimestampUsecs as number } }),
    ).rejects.toMatchObject({ status: 412 });

    const policy = await api.createProtectionPolicy({
      body: {
        name: "weekly-full-hourly-incr",
        backupPolicy: {
          regular: {
            incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: 6 } } },
            full: { schedule: { unit: "Weeks", weekSchedule: { dayOfWeek: ["Sunday"] } } },
            retention: { unit: "Weeks", duration: 4, dataLockConfig: { mode: "Compliance", unit: "Days", duration: 7 } },
          },
        },
        blackoutWindow: [{ day: "Monday", startTime: { hour: 8, minute: 0, timeZone: "Europe/Berlin" }, endTime: { hour: 18, minute: 0 } }],
        extendedRetention: [{ schedule: { unit: "Months", frequency: 1 }, retention: { unit: "Years", duration: 1 } }],
        retryOptions: { retries: 3, retryIntervalMins: 10 },
      },
    });
    const groupBody = {
      name: "etc-and-home", policyId: policy.id!, environment: "kPhysical" as const,
      physicalParams: {
        protectionType: "kFile" as const,
        fileProtectionTypeParams: {
          objects: [{ id: hostId, followNasSymlinkTarget: true, filePaths: [{ includedPath: "/etc", excludedPaths: ["/etc/ssl/private"] }, { includedPath: "/home" }] }],
          globalExcludePaths: ["/tmp"],
        },
      },
    };
    const before = Date.now() * 1000;
    const group = await api.createProtectionGroup({ body: groupBody });
    expect(group).toMatchObject({ isPaused: false, isActive: true, policyId: policy.id, numProtectedObjects: 1 });
    // When the group was created (a Lifeboat extension): the anchor the portal's next-run line counts from.
    expect(group.creationTimeUsecs).toBeGreaterThanOrEqual(before - 1_000_000);
    expect(group.creationTimeUsecs).toBeLessThanOrEqual(Date.now() * 1000);
    expect(group.physicalParams!.fileProtectionTypeParams!.objects![0]!.filePaths![0]!.excludedPaths).toEqual(["/etc/ssl/private"]);
    const paused = await api.updateProtectionGroup({ pathParams: { id: group.id! }, body: { ...groupBody, isPaused: true, lastModifiedTimestampUsecs: group.lastModifiedTimestampUsecs! } });
    expect(paused.isPaused).toBe(true);
    expect((await api.getProtectionGroups({ query: { isPaused: true } })).protectionGroups!.map((g) => g.id)).toEqual([group.id]);
    expect((await api.getProtectionGroups({ query: { includeGroupsWithDatalockOnly: true, sourceIds: [hostId] } })).protectionGroups).toHaveLength(1);
    await api.updateProtectionGroup({ pathParams: { id: group.id! }, body: { ...groupBody, isPaused: false } });
    expect((await api.getProtectionGroups({ query: { isPaused: true } })).protectionGroups ?? []).toEqual([]);

    const withStats = await api.getProtectionPolicies({ query: { includeStats: true } });
    expect(withStats.policies![0]).toMatchObject({ numProtectionGroups: 1, numProtectedObjects: 1 });

    // Search: keyset paging in the database, and the host's protection state.
    const first = await api.searchObjects({ query: { count: 1 } });
    expect(first.objects).toHaveLength(1);
    const second = await api.searchObjects({ query: { count: 1, paginationCookie: first.paginationCookie! } });
    expect(second.objects![0]!.id).not.toBe(first.objects![0]!.id);
    const host = await api.searchObjects({ query: { searchString: `${hostName.slice(0, 9)}*`, isProtected: true } });
    expect(host.objects!.map((o) => o.id)).toEqual([hostId]);
    expect(host.objects![0]!.objectProtectionInfos![0]!.protectionGroups![0]).toMatchObject({ id: group.id, policyId: policy.id });
    const protectedObjects = await api.searchProtectedObjects({ query: { searchString: "etc-and*" } });
    expect(protectedObjects.objects!.map((o) => o.id)).toEqual([hostId]);

    // The installer: the real package, with this engine's URL filled in.
    const installer = await new Response(await api.downloadAgent({ body: { platform: "kLinux", linuxParams: { packageType: "kScript" } } })).text();
    expect(installer).toContain(`FILLED_ENGINE_URL='${engine.url}'`);
    const manifest = JSON.parse(await readFile(path.join(inject("agentPackageDir"), "manifest.json"), "utf8")) as { sha256: string };
    expect(installer).toContain(manifest.sha256);

    // Upgrade the running agent to the package's 0.1.1 through the heartbeat `upgrade` command.
    const task = await api.createUpgradeTask({ body: { name: "to-0.1.1", agentIDs: [hostId] } });
    const done = await waitFor("the upgrade task to finish", async () => {
      const t = (await api.getUpgradeTasks({ query: { ids: [task.id!] } })).tasks![0]!;
      return ["Succeeded", "Failed", "PartiallyFailed"].includes(t.status!) ? t : undefined;
    }, 90_000);
    expect(done.agents![0]!.info).toMatchObject({ previousSoftwareVersion: "0.1.0", status: "Succeeded" });
    expect(done.status).toBe("Succeeded");
    await waitFor("the upgraded agent's heartbeat", async () => {
      const c = (await api.getDataSourceConnectors({ query: { connectorIds: [connector.connectorId!] } })).connectors![0];
      return c?.softwareVersion === "0.1.1" ? c : undefined;
    }, 60_000);

    // Deletes in the order of §Q 21; then deleting the connector stops the agent (exit 0).
    await api.deleteProtectionGroup({ pathParams: { id: group.id! } });
    await api.deleteProtectionPolicy({ pathParams: { id: policy.id! } });
    await api.deleteProtectionSourceRegistration({ pathParams: { id: reg.id! } });
    await api.deleteDataSourceConnector({ pathParams: { connectorId: connector.connectorId! } });
    const code = await Promise.race([agent.exited, new Promise((r) => setTimeout(() => r("still running"), 30_000))]);
    expect(code).toBe(0);
    expect(agent.output()).toMatch(/removed by the engine/);
  });

  it("a connector that stops heartbeating shows as disconnected", { timeout: 60_000 }, async () => {
    const conn = await api.createDataSourceConnection({ body: { connectionName: "silent" } });
    const silent = await registerHost(engine.url, conn.registrationToken!, "silent-host");
    const connectorOf = async () => (await api.getDataSourceConnectors({ query: { connectorIds: [silent.connectorId] } })).connectors![0]!;
    expect((await connectorOf()).connectivityStatus!.isConnected).toBe(true);
    const offline = await waitFor("the silent connector to show disconnected", async () => {
      const c = await connectorOf();
      return c.connectivityStatus!.isConnected ? undefined : c;
    }, 20_000);
    expect(offline.connectivityStatus!.message).toMatch(/no heartbeat since/);
  });
});
