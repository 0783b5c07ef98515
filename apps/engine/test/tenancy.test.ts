// Tenant isolation: everything tenant A creates is invisible to tenant B — in lists, searches, by
// id, and as a reference inside B's own requests — for every resource type of the engine.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { registerHost } from "./helpers/agent-sim.ts";
import { startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";
import { expectUpstreamError } from "./helpers/expect-error.ts";

let engine: EngineProcess;
let a: ReturnType<EngineProcess["client"]>;
let b: ReturnType<EngineProcess["client"]>;

const policyBody = (name: string) => ({
  name,
  backupPolicy: { regular: { incremental: { schedule: { unit: "Hours" as const, hourSchedule: { frequency: 4 } } }, retention: { unit: "Weeks" as const, duration: 2 } } },
});

beforeAll(async () => {
  engine = await startEngineProcess({ ENGINE_AGENT_PACKAGE_DIR: inject("agentPackageDir") });
  a = engine.client();
  await engine.addTenant("tenant-b/", "test-key-tenant-b-0123456789");
  b = engine.client("tenant-b/", "test-key-tenant-b-0123456789");
});
afterAll(async () => {
  await engine?.stop();
});

describe("tenant isolation", () => {
  it("tenant B sees none of tenant A's resources and cannot reach them by id", async () => {
    // Tenant A builds one of everything.
    const policy = await a.createProtectionPolicy({ body: policyBody("shared-name") });
    const conn = await a.createDataSourceConnection({ body: { connectionName: "shared-name" } });
    const agent = await registerHost(engine.url, conn.registrationToken!, "tenant-a-host");
    const reg = await a.registerProtectionSource({
      body: { environment: "kPhysical", name: "shared-name", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: "tenant-a-host" } },
    });
    const hostId = reg.sourceId!;
    const groupBody = {
      name: "shared-name", policyId: policy.id!, environment: "kPhysical" as const,
      physicalParams: { protectionType: "kFile" as const, fileProtectionTypeParams: { objects: [{ id: hostId }] } },
    };
    const group = await a.createProtectionGroup({ body: groupBody });
    const task = await a.createUpgradeTask({ body: { name: "shared-name", agentIDs: [hostId] } });
    // A sees its own things (so the empty answers below are not vacuous).
    expect((await a.getProtectionPolicies({})).policies).toHaveLength(1);
    expect((await a.getDataSourceConnectors({})).connectors!.map((c) => c.connectorId)).toEqual([agent.connectorId]);
    expect((await a.searchObjects({ query: {} })).objects!.length).toBe(3); // host + 2 volumes
    expect((await a.searchProtectedObjects({ query: {} })).objects!.map((o) => o.id)).toEqual([hostId]);
    expect((await a.getUpgradeTasks({})).tasks!.map((t) => t.id)).toEqual([task.id]);

    // Lists and searches of B are empty.
    expect((await b.getProtectionPolicies({})).policies ?? []).toEqual([]);
    expect((await b.getProtectionGroups({})).protectionGroups ?? []).toEqual([]);
    expect((await b.getSourceRegistrations({})).registrations ?? []).toEqual([]);
    expect((await b.getDataSourceConnections({})).connections ?? []).toEqual([]);
    expect((await b.getDataSourceConnections({ query: { connectionIds: [conn.connectionId!] } })).connections ?? []).toEqual([]);
    expect((await b.getDataSourceConnectors({})).connectors ?? []).toEqual([]);
    expect((await b.getDataSourceConnectors({ query: { connectionId: conn.connectionId! } })).connectors ?? []).toEqual([]);
    expect((await b.getUpgradeTasks({ query: { ids: [task.id!] } })).tasks ?? []).toEqual([]);
    expect((await b.searchObjects({ query: { objectIds: [hostId] } })).objects ?? []).toEqual([]);
    expect((await b.searchProtectedObjects({ query: {} })).objects ?? []).toEqual([]);
    expect((await b.getProtectionGroups({ query: { ids: [group.id!] } })).protectionGroups ?? []).toEqual([]);
    expect((await b.getProtectionPolicies({ query: { ids: [policy.id!] } })).policies ?? []).toEqual([]);

    // By id: 404, whether reading, writing or deleting.
    await expectUpstreamError(b.getProtectionPolicyByID({ pathParams: { id: policy.id! } }), 404);
    await expectUpstreamError(b.updateProtectionPolicy({ pathParams: { id: policy.id! }, body: policyBody("taken-over") }), 404);
    await expectUpstreamError(b.deleteProtectionPolicy({ pathParams: { id: policy.id! } }), 404);
    await expectUpstreamError(b.getProtectionGroupByID({ pathParams: { id: group.id! } }), 404);
    await expectUpstreamError(b.deleteProtectionGroup({ pathParams: { id: group.id! } }), 404);
    await expectUpstreamError(b.getProtectionSourceRegistration({ pathParams: { id: reg.id! } }), 404);
    await expectUpstreamError(b.deleteProtectionSourceRegistration({ pathParams: { id: reg.id! } }), 404);
    await expectUpstreamError(b.patchDataSourceConnection({ pathParams: { connectionId: conn.connectionId! }, body: { connectionName: "x" } }), 404);
    await expectUpstreamError(b.generateDataSourceConnectionRegistrationToken({ pathParams: { connectionId: conn.connectionId! } }), 404);
    await expectUpstreamError(b.deleteDataSourceConnection({ pathParams: { connectionId: conn.connectionId! } }), 404);
    await expectUpstreamError(b.patchDataSourceConnector({ pathParams: { connectorId: agent.connectorId }, body: { connectorName: "x" } }), 404);
    await expectUpstreamError(b.deleteDataSourceConnector({ pathParams: { connectorId: agent.connectorId } }), 404);

    // As references inside B's own requests: A's connection, policy, host and agent do not exist.
    await expectUpstreamError(
      b.registerProtectionSource({ body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: "tenant-a-host" } } }),
      400,
      /dataSourceConnectionId/,
    );
    await expectUpstreamError(b.createProtectionGroup({ body: { ...groupBody, name: "b-group" } }), 400, /policyId/);
    const bPolicy = await b.createProtectionPolicy({ body: policyBody("shared-name") }); // names are per tenant
    await expectUpstreamError(b.createProtectionGroup({ body: { ...groupBody, policyId: bPolicy.id! } }), 400, /objects\[0\]\.id/);
    await expectUpstreamError(b.createUpgradeTask({ body: { agentIDs: [hostId] } }), 400, /agentIDs\[0\]/);

    // And A's things are untouched by all of B's attempts.
    expect((await a.getProtectionPolicyByID({ pathParams: { id: policy.id! } })).name).toBe("shared-name");
    expect((await a.getProtectionGroupByID({ pathParams: { id: group.id! } })).name).toBe("shared-name");
    expect((await a.getDataSourceConnectors({})).connectors).toHaveLength(1);
  });
});
