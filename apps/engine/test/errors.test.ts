// Every error case of the configuration API against the real engine process: status, Cohesity
// error body, and a message that names the problem. Never a 500 for bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerHost } from "./helpers/agent-sim.ts";
import { iamToken, rawCall, startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";
import { expectUpstreamError } from "./helpers/expect-error.ts";

let engine: EngineProcess;
let api: ReturnType<EngineProcess["client"]>;
let token: string;
const daily = (name: string) => ({
  name,
  backupPolicy: { regular: { incremental: { schedule: { unit: "Days" as const, daySchedule: { frequency: 1 } } }, retention: { unit: "Days" as const, duration: 14 } } },
});

beforeAll(async () => {
  engine = await startEngineProcess();
  api = engine.client();
  token = (await iamToken(engine.url, engine.bootstrap.apiKey)).access_token;
});
afterAll(async () => {
  await engine?.stop();
});

const v2 = (path: string) => `${engine.url}/v2${path}`;

describe("authentication and tenancy headers", () => {
  it("401 without a token, with a forged token, and for an unknown API key", async () => {
    expect(await rawCall(v2("/data-protect/policies"), { tenantId: "tenant-a/" })).toMatchObject({ status: 401, body: { errorCode: "Unauthorized", message: expect.stringMatching(/Authorization/) } });
    const [h, p] = token.split(".");
    const forged = `${h}.${p}.${Buffer.from("not-the-signature").toString("base64url")}`;
    expect(await rawCall(v2("/data-protect/policies"), { token: forged, tenantId: "tenant-a/" })).toMatchObject({ status: 401 });
    const bad = await rawCall(`${engine.url}/identity/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=wrong-key-000000000",
    });
    expect(bad).toMatchObject({ status: 400, body: { errorCode: "BXNIM0415E" } });
    expect(JSON.stringify(bad.body)).not.toContain("wrong-key");
    await expectUpstreamError(engine.client("tenant-a/", "wrong-key-000000000").getProtectionPolicies({}), 401);
  });

  it("400 without X-IBM-Tenant-Id, 403 for a tenant the key does not belong to", async () => {
    expect(await rawCall(v2("/data-protect/policies"), { token })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/X-IBM-Tenant-Id/) } });
    expect(await rawCall(v2("/data-protect/policies"), { token, tenantId: "someone-else/" })).toMatchObject({ status: 403, body: { errorCode: "Forbidden" } });
  });
});

describe("bad input is 400/413, never 500", () => {
  const post = (body: string, contentType = "application/json") =>
    rawCall(v2("/data-protect/policies"), { method: "POST", token, tenantId: "tenant-a/", headers: { "content-type": contentType }, body });

  it("names the failing field of a schema violation", async () => {
    const res = await post(JSON.stringify({ name: "x", backupPolicy: { regular: { retention: { unit: "Decades", duration: 1 } } } }));
    expect(res).toMatchObject({ status: 400, body: { errorCode: "InvalidRequest", message: expect.stringContaining("body.backupPolicy.regular.retention.unit") } });
    const unknown = await post(JSON.stringify({ ...daily("y"), colour: "blue" }));
    expect(unknown).toMatchObject({ status: 400, body: { message: expect.stringMatching(/colour: unknown field/) } });
  });

  it("carries the failing fields as data beside the message, and @lifeboat/upstream exposes them", async () => {
    const res = await post(JSON.stringify({ ...daily("fields"), colour: "blue", backupPolicy: { regular: { retention: { unit: "Decades", duration: 0 } } } }));
    expect(res.status).toBe(400);
    const fieldErrors = res.body.fieldErrors as { path: string; message: string }[];
    expect(fieldErrors).toEqual(
      expect.arrayContaining([
        { path: "body.colour", message: "unknown field" },
        { path: "body.backupPolicy.regular.retention.unit", message: expect.stringContaining('got "Decades"') },
        { path: "body.backupPolicy.regular.retention.duration", message: "must be at least 1" },
      ]),
    );
    expect(res.body.message).toBe(fieldErrors.map((f) => `${f.path}: ${f.message}`).join("; "));
    const error = await api.getProtectionGroupRuns({ pathParams: { id: "1:1:1" }, query: { numRuns: 0 } }).catch((e: unknown) => e);
    // Refused by the client's own check of the request, with the same paths as the engine's.
    expect(error).toMatchObject({ status: 400, fieldErrors: [{ path: "query.numRuns", message: expect.any(String) }] });
    const raw = await rawCall(v2("/data-protect/protection-groups/1:1:1/runs?numRuns=0"), { token, tenantId: "tenant-a/" });
    expect(raw).toMatchObject({ status: 400, body: { fieldErrors: [{ path: "query.numRuns", message: expect.any(String) }] } });
  });

  it("names every answer's request with X-Request-Id, unique per request", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(v2("/data-protect/policies"), { headers: { authorization: `Bearer ${token}`, "x-ibm-tenant-id": "tenant-a/" } });
      await res.body?.cancel();
      ids.add(res.headers.get("x-request-id") ?? "");
    }
    const missing = await fetch(v2("/data-protect/policies/nope"));
    await missing.body?.cancel();
    ids.add(missing.headers.get("x-request-id") ?? "");
    expect([...ids].every((id) => /^eng-[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(ids.size).toBe(4);
  });

  it("malformed JSON, wrong content type, empty body, huge body", async () => {
    expect(await post("{not json")).toMatchObject({ status: 400, body: { errorCode: "InvalidRequest" } });
    expect(await post("name=x", "text/plain")).toMatchObject({ status: 400, body: { message: expect.stringMatching(/Content-Type/) } });
    expect(await post("")).toMatchObject({ status: 400 });
    const huge = await post(JSON.stringify({ ...daily("z"), description: "x".repeat(2 * 1024 * 1024) }));
    expect(huge).toMatchObject({ status: 413, body: { errorCode: "PayloadTooLarge" } });
    expect(await rawCall(v2("/data-protect/policies?includeStats=maybe"), { token, tenantId: "tenant-a/" })).toMatchObject({ status: 400, body: { message: expect.stringMatching(/includeStats/) } });
  });

  it("semantic policy checks name the field (DataLock longer than retention, schedule blocks)", async () => {
    const locked = daily("locked");
    const lockError = await expectUpstreamError(
      api.createProtectionPolicy({
        body: { ...locked, backupPolicy: { regular: { ...locked.backupPolicy.regular, retention: { unit: "Days", duration: 7, dataLockConfig: { mode: "Compliance", unit: "Weeks", duration: 2 } } } } },
      }),
      400,
      /dataLockConfig.*longer than the retention/,
    );
    // The policy model's issues travel as data too, one per failing field.
    expect(lockError.fieldErrors).toEqual([
      {
        path: "body.backupPolicy.regular.retention.dataLockConfig.duration",
        message: "the lock (2 weeks) is longer than the retention (7 days): a locked snapshot could not be deleted when its retention ends",
      },
    ]);
    await expectUpstreamError(
      api.createProtectionPolicy({ body: { ...daily("blackout"), blackoutWindow: [{ day: "Monday", startTime: { hour: 25, minute: 0 }, endTime: { hour: 3, minute: 0 } }] } }),
      400,
      /blackoutWindow\[0\]\.startTime\.hour/,
    );
  });

  it("kSQL and kKubernetes get a clear 400: this engine protects kPhysical only", async () => {
    await expectUpstreamError(api.registerProtectionSource({ body: { environment: "kSQL", name: "db" } }), 400, /does not protect kSQL/);
    await expectUpstreamError(
      api.createProtectionGroup({ body: { name: "k", policyId: "1:1:1", environment: "kKubernetes", kubernetesParams: {} } }),
      400,
      /does not protect kKubernetes/,
    );
  });
});

describe("404, 409 and 412", () => {
  it("404 for unknown ids of every kind", async () => {
    await expectUpstreamError(api.getProtectionPolicyByID({ pathParams: { id: "1:2:3" } }), 404, /protection policy 1:2:3/);
    await expectUpstreamError(api.getProtectionGroupByID({ pathParams: { id: "1:2:3" } }), 404);
    await expectUpstreamError(api.getProtectionSourceRegistration({ pathParams: { id: 987654 } }), 404);
    await expectUpstreamError(api.patchDataSourceConnector({ pathParams: { connectorId: "12345678901234567890" }, body: { connectorName: "n" } }), 404);
    await expectUpstreamError(api.deleteDataSourceConnection({ pathParams: { connectionId: "9007199254740993" } }), 404);
    expect(await rawCall(`${engine.url}/v2/no/such/path`, { token, tenantId: "tenant-a/" })).toMatchObject({ status: 404, body: { errorCode: "NotFound" } });
  });

  it("409 for duplicate names and for deleting what is still in use; 412 for stale writes", async () => {
    const policy = await api.createProtectionPolicy({ body: daily("p-used") });
    await expectUpstreamError(api.createProtectionPolicy({ body: daily("p-used") }), 409, /already exists/);
    const conn = await api.createDataSourceConnection({ body: { connectionName: "c-used" } });
    await expectUpstreamError(api.createDataSourceConnection({ body: { connectionName: "c-used" } }), 409);
    await registerHost(engine.url, conn.registrationToken!, "host-409");
    const reg = await api.registerProtectionSource({
      body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: "host-409" } },
    });
    await expectUpstreamError(
      api.registerProtectionSource({ body: { environment: "kPhysical", dataSourceConnectionId: conn.connectionId!, physicalParams: { endpoint: "host-409" } } }),
      409,
      /already registered/,
    );
    const groupBody = {
      name: "g-used", policyId: policy.id!, environment: "kPhysical" as const,
      physicalParams: { protectionType: "kFile" as const, fileProtectionTypeParams: { objects: [{ id: reg.sourceId!, filePaths: [{ includedPath: "/etc" }] }] } },
    };
    const group = await api.createProtectionGroup({ body: groupBody });
    await expectUpstreamError(api.createProtectionGroup({ body: groupBody }), 409, /g-used/);
    await expectUpstreamError(api.deleteProtectionPolicy({ pathParams: { id: policy.id! } }), 409, /still used by protection group/);
    await expectUpstreamError(api.deleteProtectionSourceRegistration({ pathParams: { id: reg.id! } }), 409, /still protected/);
    await expectUpstreamError(api.deleteDataSourceConnection({ pathParams: { connectionId: conn.connectionId! } }), 409, /still used by source registration/);

    const stale = policy.lastModificationTimeUsecs! - 1;
    await expectUpstreamError(
      api.updateProtectionPolicy({ pathParams: { id: policy.id! }, body: { ...daily("p-used"), lastModificationTimeUsecs: stale } }),
      412,
      /stale/,
    );
    await expectUpstreamError(
      api.updateProtectionGroup({ pathParams: { id: group.id! }, body: { ...groupBody, lastModifiedTimestampUsecs: group.lastModifiedTimestampUsecs! - 1 } }),
      412,
    );
    // With the current stamp the same writes go through, and the order of deletes of §Q 21 works.
    const updated = await api.updateProtectionPolicy({
      pathParams: { id: policy.id! },
      body: { ...daily("p-used"), description: "now", lastModificationTimeUsecs: policy.lastModificationTimeUsecs! },
    });
    expect(updated.description).toBe("now");
    await api.deleteProtectionGroup({ pathParams: { id: group.id! } });
    await api.deleteProtectionPolicy({ pathParams: { id: policy.id! } });
    await api.deleteProtectionSourceRegistration({ pathParams: { id: reg.id! } });
    await api.deleteDataSourceConnection({ pathParams: { connectionId: conn.connectionId! } });
  });

  it("a group must point at an existing policy and registered hosts", async () => {
    await expectUpstreamError(
      api.createProtectionGroup({
        body: { name: "g-bad", policyId: "1:1:1", environment: "kPhysical", physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: 1 }] } } },
      }),
      400,
      /policyId/,
    );
    const policy = await api.createProtectionPolicy({ body: daily("p-for-bad-group") });
    await expectUpstreamError(
      api.createProtectionGroup({
        body: { name: "g-bad", policyId: policy.id!, environment: "kPhysical", physicalParams: { protectionType: "kFile", fileProtectionTypeParams: { objects: [{ id: 424242 }] } } },
      }),
      400,
      /objects\[0\]\.id: 424242 is not a registered physical host/,
    );
  });

  it("nothing above made the engine log an internal error", () => {
    expect(engine.output()).not.toMatch(/"level":50/);
  });
});
