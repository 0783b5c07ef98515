// The REST door over real HTTP with API tokens against the real bundled engine process: reads by
// GET and by POST …/search, a create with an idempotency key (one policy at the engine however
// often it is retried), path parameters with colons, a viewer token refused a write (403), bad
// input answered 400 naming the field, the engine's 404 passed through, and a download ticket
// (the URL, never the bytes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiRateLimiter } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "../helpers/engine.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { bindWorkspace } from "../areas/helpers.ts";
import { startRestServer, type RestServer } from "./rest-server.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
let rest: RestServer;
let adminToken: string;
let viewerToken: string;
const rateLimiter = createApiRateLimiter({ perToken: 1000, perUser: 1000, windowSeconds: 60 });

beforeAll(async () => {
  [t, engine] = await Promise.all([openTestDb("rest_engine"), startEngine()]);
  cast = await createCast(t.db);
  await bindWorkspace(cast, engine, "rest-engine");
  rest = await startRestServer(() => ({ db: t.db, rateLimiter }));
  adminToken = (await cast.caller("admin").apiToken.create({ name: "rest-admin", role: "admin" })).token;
  viewerToken = (await cast.caller("viewer").apiToken.create({ name: "rest-viewer", role: "viewer" })).token;
}, 120_000);
afterAll(async () => {
  await rest?.close();
  await engine?.stop();
  await t?.close();
});

const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
const post = (path: string, token: string, body: unknown) => rest.call(path, token, { method: "POST", body: JSON.stringify(body) });

const policyBody = (name: string, hours = 4) => ({
  name,
  backupPolicy: {
    regular: { incremental: { schedule: { unit: "Hours", hourSchedule: { frequency: hours } } }, retention: { unit: "Days", duration: 14 } },
  },
});

type Policy = { id: string; name: string; summary: string };

describe("REST door against the real engine", () => {
  it("creates a policy once per idempotency key, lists, gets, replaces and deletes it", async () => {
    const key = `rest-policy-${Date.now()}`;
    const first = await post("/policies", adminToken, { policy: policyBody("rest-hourly"), idempotencyKey: key });
    expect(first.status).toBe(200);
    const created = await json<Policy>(first);
    expect(created).toMatchObject({ name: "rest-hourly", summary: "every 4 hours, keep 14 days" });
    const retried = await json<Policy>(await post("/policies", adminToken, { policy: policyBody("rest-hourly"), idempotencyKey: key }));
    expect(retried.id).toBe(created.id);

    // One policy at the engine, read back by the viewer's token.
    const listed = await rest.call("/policies?search=rest-hourly&limit=10", viewerToken);
    expect(listed.status).toBe(200);
    expect((await json<{ items: Policy[] }>(listed)).items.map((p) => p.id)).toEqual([created.id]);
    const one = await rest.call(`/policies/${encodeURIComponent(created.id)}`, viewerToken);
    expect((await json<Policy>(one)).summary).toBe("every 4 hours, keep 14 days");

    const conflict = await post("/policies", adminToken, { policy: policyBody("another-name"), idempotencyKey: key });
    expect(conflict.status).toBe(409);
    expect((await json<{ message: string }>(conflict)).message).toContain("different input");

    const replaced = await rest.call(`/policies/${encodeURIComponent(created.id)}`, adminToken, { method: "PUT", body: JSON.stringify({ policy: policyBody("rest-hourly", 6) }) });
    expect(replaced.status).toBe(200);
    expect((await json<Policy>(replaced)).summary).toBe("every 6 hours, keep 14 days");

    const deleted = await rest.call(`/policies/${encodeURIComponent(created.id)}?idempotencyKey=${key}-delete`, adminToken, { method: "DELETE" });
    expect(await json(deleted)).toEqual({ id: created.id, deleted: true });
    const gone = await rest.call(`/policies/${encodeURIComponent(created.id)}`, viewerToken);
    expect(gone.status).toBe(404);
    expect(await json(gone)).toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/^Upstream: /) });
  });

  it("refuses a viewer token a write with 403 and says which role it needs; nothing is created", async () => {
    const refused = await post("/policies", viewerToken, { policy: policyBody("viewer-attempt") });
    expect(refused.status).toBe(403);
    const body = await json<{ code: string; message: string }>(refused);
    expect(body.code).toBe("FORBIDDEN");
    expect(body.message).toContain("needs the admin role");
    expect(body.message).toContain("through this API token");
    const listed = await json<{ items: Policy[] }>(await rest.call("/policies?search=viewer-attempt", viewerToken));
    expect(listed.items).toEqual([]);
    const audit = await t.db.auditEvent.findFirst({ where: { procedure: "policy.create", outcome: "error", errorCode: "FORBIDDEN" } });
    expect(audit?.actor).toContain('(API token "rest-viewer")');
  });

  it("answers bad input with 400 naming the field, before the engine is called", async () => {
    const bad = policyBody("bad-unit") as { backupPolicy: { regular: { retention: { unit: string } } } };
    bad.backupPolicy.regular.retention.unit = "Decades";
    const response = await post("/policies", adminToken, { policy: bad });
    expect(response.status).toBe(400);
    const body = await json<{ code: string; data: { fieldErrors: { fieldErrors: Record<string, string[]> } } }>(response);
    expect(body.code).toBe("BAD_REQUEST");
    expect(Object.keys(body.data.fieldErrors.fieldErrors)).toContain("policy.backupPolicy.regular.retention.unit");
    expect(JSON.stringify(body)).toContain("Decades");

    const badId = await rest.call("/protection-groups/not-an-id", viewerToken);
    expect(badId.status).toBe(400);
    expect(JSON.stringify(await json(badId))).toContain('"id"');
    const badLimit = await rest.call("/policies?limit=1000", viewerToken);
    expect(badLimit.status).toBe(400);
    expect(Object.keys((await json<{ data: { fieldErrors: { fieldErrors: object } } }>(badLimit)).data.fieldErrors.fieldErrors)).toEqual(["limit"]);
  });

  it("passes the engine's field errors on as field errors at the request's input paths, and its 409 with its sentence", async () => {
    type Refused = { code: string; message: string; data: { fieldErrors: { formErrors: string[]; fieldErrors: Record<string, string[]> }; upstreamRequestId: string | null } };
    const connection = await json<{ connectionId: string }>(await post("/connections", adminToken, { connectionName: "rest-fields" }));
    const source = await post("/sources", adminToken, {
      registration: { environment: "kPhysical", name: "nowhere", dataSourceConnectionId: connection.connectionId, physicalParams: { endpoint: "no-such-host", physicalType: "kHost" } },
    });
    expect(source.status).toBe(400);
    const sourceBody = await json<Refused>(source);
    expect(sourceBody.data.fieldErrors.fieldErrors).toEqual({
      "registration.physicalParams.endpoint": [expect.stringMatching(/no agent of connection \d+ runs on host "no-such-host"/)],
    });
    // The engine names every answer; the portal passes the id on for the log and the audit row.
    expect(sourceBody.data.upstreamRequestId).toMatch(/^eng-[0-9a-f]{16}$/);

    const group = await post("/protection-groups", adminToken, {
      group: {
        name: "rest-fields-group",
        environment: "kPhysical",
        policyId: "1:1:999999",
        physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: 1, filePaths: [{ includedPath: "/data" }] }] } },
      },
    });
    expect(group.status).toBe(400);
    expect((await json<Refused>(group)).data.fieldErrors.fieldErrors).toEqual({ "group.policyId": [expect.stringMatching(/does not exist/)] });

    const policy = await json<Policy>(await post("/policies", adminToken, { policy: policyBody("rest-fields-dup") }));
    const duplicate = await post("/policies", adminToken, { policy: policyBody("rest-fields-dup") });
    expect(duplicate.status).toBe(409);
    expect((await json<Refused>(duplicate)).message).toMatch(/^Upstream: .*rest-fields-dup.*already exists/);
    await rest.call(`/policies/${encodeURIComponent(policy.id)}`, adminToken, { method: "DELETE" });
  });

  it("reads by POST …/search with an object filter, and takes colon ids in the path", async () => {
    const policy = await json<Policy>(await post("/policies", adminToken, { policy: policyBody("for-search") }));
    const connection = await json<{ connectionId: string }>(await post("/connections", adminToken, { connectionName: "rest-site" }));
    expect(connection).not.toHaveProperty("registrationToken");
    const connections = await json<{ items: { connectionId: string }[] }>(await rest.call("/connections", viewerToken));
    expect(connections.items.map((c) => c.connectionId)).toContain(connection.connectionId);
    const token = await post(`/connections/${connection.connectionId}/registration-token`, adminToken, {});
    expect((await json<{ registrationToken: string }>(token)).registrationToken.length).toBeGreaterThan(10);
    expect((await rest.call("/connector-metadata", viewerToken)).status).toBe(200);

    const groups = await post("/protection-groups/search", viewerToken, { filter: { policyIds: [policy.id], isDeleted: false }, limit: 5 });
    expect(groups.status).toBe(200);
    expect(await json(groups)).toEqual({ items: [], nextCursor: null });
    const missingGroup = await rest.call("/protection-groups/1:1:999999?includeLastRunInfo=false", viewerToken);
    expect(missingGroup.status).toBe(404);
    const runs = await post("/protection-groups/1:1:999999/runs/search", viewerToken, {});
    expect(runs.status).toBe(404);
    const recoveries = await post("/recoveries/search", viewerToken, { filter: { status: ["Succeeded"] } });
    expect(recoveries.status).toBe(200);
    expect((await json<{ items: unknown[] }>(recoveries)).items).toEqual([]);
  });

  it("hands out a download ticket URL for the agent installer, not bytes; a viewer gets 403", async () => {
    const operatorToken = (await cast.caller("operator").apiToken.create({ name: "rest-operator", role: "operator" })).token;
    const ticket = await post("/agent-installer/download-ticket", operatorToken, { platform: "kLinux", linuxParams: { packageType: "kScript" } });
    expect(ticket.status).toBe(200);
    expect(ticket.headers.get("content-type")).toContain("application/json");
    const body = await json<{ url: string; ticket: string; fileName: string; expiresAt: string }>(ticket);
    expect(body.url).toBe(`/api/download?ticket=${body.ticket}`);
    expect(body.fileName).toBe("lifeboat-agent-kLinux.kScript");
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await post("/agent-installer/download-ticket", viewerToken, { platform: "kLinux" })).status).toBe(403);
  });
});
