// The area routers against the real bundled engine process (configuration half of the API): policy
// CRUD with idempotency, data-source connection + registration token, a host registered over the
// agent protocol, its connector, source registration, protection-group CRUD, search, upgrade
// tasks, and the engine's errors mapped to tRPC codes. Runs, recoveries, search and downloads
// against the engine + agent + restic are in engine-runs.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { flattenIssues } from "../../src/errors.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { startAgentProcess, waitFor, type AgentProcess } from "./agent-process.ts";
import { bindWorkspace, trpcError } from "./helpers.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let agent: AgentProcess | undefined;
beforeAll(async () => {
  [t, engine] = await Promise.all([openTestDb("areas_engine"), startEngine()]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "engine-areas");
}, 120_000);
afterAll(async () => {
  await agent?.stop();
  await engine?.stop();
  await t?.close();
});

const policyBody = (name: string, hours = 4) => ({
  name,
  backupPolicy: {
    regular: {
      incremental: { schedule: { unit: "Hours" as const, hourSchedule: { frequency: hours } } },
      retention: { unit: "Days" as const, duration: 14 },
    },
  },
});

describe("policy", () => {
  it("creates once per idempotency key, lists with a summary, updates, deletes, and maps 404", async () => {
    const admin = cast.caller("admin");
    const key = `policy-${Date.now()}`;
    const created = await admin.policy.create({ policy: policyBody("four-hourly"), idempotencyKey: key });
    expect(created.summary).toBe("every 4 hours, keep 14 days");
    const retried = await admin.policy.create({ policy: policyBody("four-hourly"), idempotencyKey: key });
    expect(retried.id).toBe(created.id);
    const listed = await cast.caller("viewer").policy.list({ search: "four-hourly" });
    expect(listed.items.map((p) => p.id)).toEqual([created.id]);

    const reused = await trpcError(admin.policy.create({ policy: policyBody("other-name"), idempotencyKey: key }));
    expect(reused.code).toBe("CONFLICT");
    expect(reused.message).toContain("different input");

    const updated = await admin.policy.update({ id: created.id!, policy: policyBody("four-hourly", 6) });
    expect(updated.summary).toBe("every 6 hours, keep 14 days");
    expect((await cast.caller("viewer").policy.get({ id: created.id! })).summary).toBe("every 6 hours, keep 14 days");

    await admin.policy.delete({ id: created.id! });
    const gone = await trpcError(cast.caller("viewer").policy.get({ id: created.id! }));
    expect(gone.code).toBe("NOT_FOUND");
    expect(gone.message).toMatch(/^Upstream: /);

    const audit = await t.db.auditEvent.findMany({ where: { procedure: "policy.create", outcome: "ok" }, select: { targetIds: true } });
    // The replay is audited as a call of its own, naming the one policy both calls returned.
    expect(audit).toHaveLength(2);
    for (const row of audit) expect(row.targetIds).toContain(created.id);
  });

  it("refuses a malformed policy before calling the upstream, naming the field", async () => {
    const bad = { name: "x", backupPolicy: { regular: { retention: { unit: "Days", duration: 0 } } } };
    const error = await trpcError(cast.caller("admin").policy.create({ policy: bad as never }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("policy.backupPolicy.regular.retention.duration");
  });

  it("refuses a DataLock that outlasts its retention as a field error of the policy model, before the engine sees it", async () => {
    const admin = cast.caller("admin");
    const body = policyBody("locked-too-long");
    const locked = { ...body.backupPolicy.regular.retention, dataLockConfig: { mode: "Compliance" as const, unit: "Weeks" as const, duration: 3 } };
    const error = await trpcError(admin.policy.create({ policy: { ...body, backupPolicy: { regular: { ...body.backupPolicy.regular, retention: locked } } } }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(flattenIssues((error.cause as ZodError).issues).fieldErrors).toEqual({
      "policy.backupPolicy.regular.retention.dataLockConfig.duration": [
        "the lock (3 weeks) is longer than the retention (14 days): a locked snapshot could not be deleted when its retention ends",
      ],
    });
    expect((await admin.policy.list({ search: "locked-too-long" })).items).toEqual([]);
  });

  it("pages by cursor across several policies", async () => {
    const admin = cast.caller("admin");
    for (const n of [1, 2, 3]) await admin.policy.create({ policy: policyBody(`paged-${n}`) });
    const first = await admin.policy.list({ search: "paged-", limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await admin.policy.list({ search: "paged-", limit: 2, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((p) => p.name).sort()).toEqual(["paged-1", "paged-2", "paged-3"]);
  });
});

describe("connection, connector, source and protection group", () => {
  it("goes from a connection to a protected host (real agent process) through the BFF only", { timeout: 120_000 }, async () => {
    const admin = cast.caller("admin");
    const viewer = cast.caller("viewer");
    const conn = await admin.connection.create({ connectionName: "site-a", idempotencyKey: "conn-site-a-1" });
    expect(conn).not.toHaveProperty("registrationToken");
    const { registrationToken } = await admin.connection.generateToken({ connectionId: conn.connectionId! });
    expect(registrationToken.length).toBeGreaterThan(10);
    const fetched = await viewer.connection.get({ connectionId: conn.connectionId! });
    expect(fetched).toMatchObject({ connectionName: "site-a" });
    expect(JSON.stringify(fetched)).not.toContain(registrationToken);
    expect((await admin.connection.update({ connectionId: conn.connectionId!, connectionName: "site-a2" })).connectionName).toBe("site-a2");

    agent = await startAgentProcess(engine.url, registrationToken, "host-a");
    const connector = await waitFor("the agent's connector", async () =>
      (await viewer.connector.list({ connectionId: conn.connectionId! })).items.find((c) => c.connectivityStatus?.isConnected),
    );
    const connectorId = connector.connectorId!;
    expect((await admin.connector.update({ connectorId, connectorName: "host-a-agent" })).connectorName).toBe("host-a-agent");
    expect((await viewer.connector.get({ connectorId })).connectorName).toBe("host-a-agent");
    expect(await viewer.connector.metadata()).toBeTypeOf("object");

    const source = await admin.source.create({
      registration: {
        environment: "kPhysical",
        name: "host-a",
        dataSourceConnectionId: conn.connectionId!,
        physicalParams: { endpoint: "host-a", hostType: "kLinux", physicalType: "kHost" },
      },
    });
    expect((await viewer.source.list({})).items.map((s) => s.id)).toContain(source.id);
    expect((await viewer.source.get({ id: source.id! })).name).toBe("host-a");
    expect((await admin.source.patch({ id: source.id!, environment: "kPhysical" })).id).toBe(source.id);
    // RefreshProtectionSourceByID: the agent's volumes again, the refresh time moved (admins only).
    const refreshed = await admin.source.refresh({ id: source.id! });
    expect(refreshed).toMatchObject({ id: source.id, sourceId: source.sourceId });
    expect(refreshed.sourceInfo?.childObjects?.map((c) => c.name)).toContain("/");
    expect(refreshed.lastRefreshedTimeMsecs!).toBeGreaterThanOrEqual(source.lastRefreshedTimeMsecs!);
    expect((await trpcError(cast.caller("operator").source.refresh({ id: source.id! }))).code).toBe("FORBIDDEN");
    const physicalParams = { endpoint: "host-a", hostType: "kLinux" as const, physicalType: "kHost" as const };
    const renamedSource = await admin.source.update({
      id: source.id!,
      registration: { environment: "kPhysical", name: "host-a-renamed", dataSourceConnectionId: conn.connectionId!, physicalParams },
    });
    expect(renamedSource.name).toBe("host-a-renamed");
    // The group form's folder picker: one live folder of the host through its agent (admin only).
    const stateDirListing = await admin.source.browse({ sourceId: source.sourceId!, path: "/" });
    expect(stateDirListing).toMatchObject({ path: "/", truncated: false });
    expect(stateDirListing.entries).toEqual(expect.arrayContaining([expect.objectContaining({ name: "tmp", type: "directory" })]));
    const missing = await admin.source.browse({ sourceId: source.sourceId!, path: "/no-such-dir-lifeboat" }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: "BAD_REQUEST", message: "no such directory: /no-such-dir-lifeboat" });
    expect((await trpcError(cast.caller("operator").source.browse({ sourceId: source.sourceId!, path: "/" }))).code).toBe("FORBIDDEN");

    const policy = await admin.policy.create({ policy: policyBody("for-groups") });
    const groupBody = {
      name: "hosts",
      policyId: policy.id!,
      environment: "kPhysical" as const,
      physicalParams: {
        protectionType: "kFile" as const,
        fileProtectionTypeParams: { objects: [{ id: source.sourceId!, filePaths: [{ includedPath: "/data" }] }] },
      },
    };
    const group = await admin.protectionGroup.create({ group: groupBody, idempotencyKey: "group-hosts-1" });
    const again = await admin.protectionGroup.create({ group: groupBody, idempotencyKey: "group-hosts-1" });
    expect(again.id).toBe(group.id);
    expect((await viewer.protectionGroup.list({ search: "hosts" })).items.map((g) => g.id)).toEqual([group.id]);
    const renamed = await admin.protectionGroup.update({ id: group.id!, group: { ...groupBody, name: "hosts-2" } });
    expect(renamed.name).toBe("hosts-2");
    // The policy list carries the upstream's includeStats counts (the portal shows "used by N groups").
    const usedBy = (await viewer.policy.list({ search: "for-groups" })).items[0];
    expect(usedBy).toMatchObject({ id: policy.id, numProtectionGroups: 1 });
    expect((await viewer.protectionGroup.get({ id: group.id! })).name).toBe("hosts-2");

    // The engine refuses an unknown policy: its 400 reaches the caller as BAD_REQUEST with its message.
    const badGroup = await trpcError(admin.protectionGroup.create({ group: { ...groupBody, name: "x", policyId: "1:1:999999" } }));
    expect(badGroup.code).toBe("BAD_REQUEST");
    expect(badGroup.message).toContain("policyId");

    const found = await viewer.object.search({ searchString: "host-a" });
    expect(Array.isArray(found.items)).toBe(true);
    expect((await viewer.agent.list({})).items).toEqual(expect.any(Array));
    const protectedObjects = await viewer.object.searchProtected({ limit: 10 });
    expect(protectedObjects.items.length).toBeLessThanOrEqual(10);

    // A viewer may look but not change.
    expect((await trpcError(viewer.protectionGroup.delete({ id: group.id! }))).code).toBe("FORBIDDEN");
    await admin.protectionGroup.delete({ id: group.id! });
    expect((await trpcError(viewer.protectionGroup.get({ id: group.id! }))).code).toBe("NOT_FOUND");
    await admin.source.delete({ id: source.id! });
    await admin.connector.delete({ connectorId });
    // The engine tells the removed agent to stop; it exits 0.
    expect(await agent.exited).toBe(0);
    await admin.connection.delete({ connectionId: conn.connectionId! });
    expect((await trpcError(viewer.connection.get({ connectionId: conn.connectionId! }))).code).toBe("NOT_FOUND");
  });
});
