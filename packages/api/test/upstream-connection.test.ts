// Upstream connections: the API key goes in encrypted and never comes out, and `test` really
// exchanges it for a token and reads the policy list over HTTP.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { decryptSecret, encryptSecret } from "@lifeboat/db";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstreamFor } from "../src/index.ts";
import { testUpstreamConnection } from "../src/upstream/test-connection.ts";
import { createCast, type Cast } from "./helpers/actors.ts";
import { startFakeUpstream, type FakeUpstream } from "./helpers/fake-upstream.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

const API_KEY = "ibm-api-key-Zq8v1Xw3Rt5y7U9i0Op2As4Df6Gh8Jk";
const TENANT = "iqhch7lbr4/";

let t: TestDb;
let cast: Cast;
let upstream: FakeUpstream;
beforeAll(async () => {
  [t, upstream] = await Promise.all([openTestDb("conns"), startFakeUpstream({ apiKey: API_KEY, tenantId: TENANT })]);
  cast = await createCast(t.db);
});
afterAll(async () => {
  await upstream?.close();
  await t?.close();
});

const outputs: unknown[] = [];
/** Everything a browser would receive, serialized as the tRPC link would. */
const seen = <T>(value: T): T => {
  outputs.push(value);
  return value;
};

describe("upstreamConnection", () => {
  it("stores the API key encrypted and shows only hasApiKey", async () => {
    const admin = cast.caller("admin");
    const created = seen(
      await admin.upstreamConnection.create({
        name: "Bundled engine",
        kind: "engine",
        serviceUrl: `${upstream.url}/v2/`,
        tenantId: TENANT,
        apiKey: API_KEY,
      }),
    );
    expect(created).toMatchObject({ hasApiKey: true, serviceUrl: `${upstream.url}/v2`, iamTokenUrl: `${upstream.url}/identity/token` });
    const row = await t.db.upstreamConnection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.apiKeyCiphertext).not.toContain(API_KEY);
    expect(decryptSecret(row.apiKeyCiphertext)).toBe(API_KEY);
    seen(await admin.upstreamConnection.get({ id: created.id }));
    seen(await admin.upstreamConnection.list({ limit: 10 }));
  });

  it("tests a connection through IAM and a real read, and records the result", async () => {
    const admin = cast.caller("admin");
    const conn = (await admin.upstreamConnection.list()).items.find((c) => c.name === "Bundled engine")!;
    const result = seen(await admin.upstreamConnection.test({ id: conn.id }));
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining("0 protection policies") });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const policiesCall = upstream.requests.find((r) => r.path === "/v2/data-protect/policies");
    expect(policiesCall).toMatchObject({ method: "GET", tenantId: TENANT, authorization: expect.stringMatching(/^Bearer /) });
    const stored = seen(await admin.upstreamConnection.get({ id: conn.id }));
    expect(stored).toMatchObject({ lastTestOk: true, lastTestLatencyMs: result.latencyMs });
  });

  it("keeps the stored key when an update gives none, and reports a wrong key without echoing it", async () => {
    const admin = cast.caller("admin");
    const conn = (await admin.upstreamConnection.list()).items.find((c) => c.name === "Bundled engine")!;
    const renamed = seen(await admin.upstreamConnection.update({ id: conn.id, name: "Engine (local)" }));
    expect(renamed.lastTestOk).toBe(true); // a rename does not invalidate the last test
    const row = await t.db.upstreamConnection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(decryptSecret(row.apiKeyCiphertext)).toBe(API_KEY);

    const wrongKey = "wrong-key-Lp0oKi9jUh8yGt7";
    const updated = seen(await admin.upstreamConnection.update({ id: conn.id, apiKey: wrongKey }));
    expect(updated.lastTestOk).toBeNull();
    const failed = seen(await admin.upstreamConnection.test({ id: conn.id }));
    expect(failed.ok).toBe(false);
    expect(failed.message).toContain("API key was not accepted");
    expect(failed.message).not.toContain(wrongKey);
    await admin.upstreamConnection.update({ id: conn.id, apiKey: API_KEY });
  });

  it("reports an upstream refusal with its request id in the audit row", async () => {
    const admin = cast.caller("admin");
    const conn = (await admin.upstreamConnection.list()).items.find((c) => c.name === "Engine (local)")!;
    await admin.upstreamConnection.update({ id: conn.id, tenantId: "someone-else/" });
    const refused = seen(await admin.upstreamConnection.test({ id: conn.id }));
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining("HTTP 403") });
    expect(refused).not.toHaveProperty("requestId");
    const row = await t.db.auditEvent.findFirstOrThrow({ where: { procedure: "upstreamConnection.test" }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ outcome: "ok", upstreamRequestId: "req-403", targetIds: [conn.id] });
    await admin.upstreamConnection.update({ id: conn.id, tenantId: TENANT });
  });

  it("reports an unreachable service", async () => {
    const admin = cast.caller("admin");
    const conn = seen(
      await admin.upstreamConnection.create({
        name: "Nowhere",
        kind: "ibm",
        serviceUrl: "http://127.0.0.1:9/v2",
        iamTokenUrl: "http://127.0.0.1:9/identity/token",
        tenantId: TENANT,
        apiKey: API_KEY,
      }),
    );
    const result = seen(await admin.upstreamConnection.test({ id: conn.id }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain("The IAM token URL http://127.0.0.1:9/identity/token could not be reached");
    expect(result.message).toContain("ECONNREFUSED");
    expect(result.message).not.toContain("API key was not accepted");
    expect(result.message).not.toContain(API_KEY);
  });

  it("names the token URL when its host does not resolve or it does not answer", async () => {
    const apiKeyCiphertext = encryptSecret(API_KEY);
    const base = { serviceUrl: `${upstream.url}/v2`, tenantId: TENANT, apiKeyCiphertext };
    // `.invalid` never resolves (RFC 2606), so this is a DNS failure without network access.
    const dns = await testUpstreamConnection({ ...base, iamTokenUrl: "http://lifeboat-iam.invalid/identity/token" });
    expect(dns).toMatchObject({ ok: false, message: expect.stringContaining("The IAM token URL http://lifeboat-iam.invalid/identity/token could not be reached") });
    expect(dns.message).toContain("ENOTFOUND");

    // A token endpoint that accepts the connection and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const tokenUrl = `http://127.0.0.1:${port}/identity/token`;
      const slow = await testUpstreamConnection({ ...base, iamTokenUrl: tokenUrl }, { timeoutMs: 300 });
      expect(slow).toMatchObject({ ok: false, message: `The IAM token URL ${tokenUrl} did not answer in time` });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("validates URLs with messages per field", async () => {
    const admin = cast.caller("admin");
    const bad = { name: "Bad", kind: "ibm" as const, tenantId: TENANT, apiKey: API_KEY };
    await expect(admin.upstreamConnection.create({ ...bad, serviceUrl: "https://host.example/api" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("/v2"),
    });
    await expect(
      admin.upstreamConnection.create({ ...bad, serviceUrl: "https://user:pw@host.example/v2" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await t.db.upstreamConnection.count({ where: { name: "Bad" } })).toBe(0);
  });

  it("refuses to delete a connection a workspace uses, then deletes it once unbound", async () => {
    const admin = cast.caller("admin");
    const conn = (await admin.upstreamConnection.list()).items.find((c) => c.name === "Nowhere")!;
    // Rebinding a workspace needs admin in that workspace (workspace/require-admin-of.ts).
    await admin.user.setRole({ userId: cast.users.admin.id, workspaceId: cast.otherWorkspaceId, role: "admin" });
    await admin.workspace.update({ id: cast.otherWorkspaceId, connectionId: conn.id });
    await expect(admin.upstreamConnection.delete({ id: conn.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await admin.workspace.update({ id: cast.otherWorkspaceId, connectionId: null });
    expect(seen(await admin.upstreamConnection.delete({ id: conn.id }))).toEqual({ id: conn.id, deleted: true });
  });

  it("builds a workspace's upstream client once per connection version", async () => {
    const admin = cast.caller("admin");
    const conn = (await admin.upstreamConnection.list()).items.find((c) => c.name === "Engine (local)")!;
    await admin.workspace.update({ id: cast.workspaceId, connectionId: conn.id });
    const upstreamFor = createUpstreamFor({ db: t.db });
    const ws = { id: cast.workspaceId, connectionId: conn.id };
    const first = await upstreamFor(ws);
    expect(await upstreamFor(ws)).toBe(first);
    const policies = await first.getProtectionPolicies({});
    expect(policies.policies ?? []).toEqual([]);
    await admin.upstreamConnection.update({ id: conn.id, tenantId: TENANT });
    expect(await upstreamFor(ws)).not.toBe(first);
    await expect(upstreamFor({ id: cast.otherWorkspaceId, connectionId: null })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("never returned the API key in any output", () => {
    expect(outputs.length).toBeGreaterThan(8);
    const wire = superjson.stringify(outputs);
    expect(wire).not.toContain(API_KEY);
    expect(wire).not.toContain("apiKeyCiphertext");
    expect(wire).not.toContain("wrong-key-Lp0oKi9jUh8yGt7");
  });
});
