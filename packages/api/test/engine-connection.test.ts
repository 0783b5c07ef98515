// Integration: an upstream connection of kind "engine" against the real bundled engine process —
// IAM-compatible token exchange, a real read, a real upstream error mapped to a tRPC code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpstreamFor, toTRPCError } from "../src/index.ts";
import { createCast, type Cast } from "./helpers/actors.ts";
import { startEngine, type EngineUnderTest } from "./helpers/engine.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let engine: EngineUnderTest;
let cast: Cast;
beforeAll(async () => {
  [t, engine] = await Promise.all([openTestDb("engine_conn"), startEngine()]);
  cast = await createCast(t.db);
}, 120_000);
afterAll(async () => {
  await engine?.stop();
  await t?.close();
});

describe("upstream connection to the bundled engine", () => {
  it("tests ok with the engine's API key and not ok with another", async () => {
    const admin = cast.caller("admin");
    const conn = await admin.upstreamConnection.create({
      name: "Engine",
      kind: "engine",
      serviceUrl: `${engine.url}/v2`,
      tenantId: engine.tenantId,
      apiKey: engine.apiKey,
    });
    expect(conn.iamTokenUrl).toBe(`${engine.url}/identity/token`);
    const ok = await admin.upstreamConnection.test({ id: conn.id });
    expect(ok).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected; \d+ protection polic(y|ies) visible$/) });

    await admin.upstreamConnection.update({ id: conn.id, apiKey: "not-the-engine-key" });
    const bad = await admin.upstreamConnection.test({ id: conn.id });
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain("API key was not accepted");
    expect(bad.message).not.toContain("not-the-engine-key");
    await admin.upstreamConnection.update({ id: conn.id, apiKey: engine.apiKey });
    await admin.workspace.update({ id: cast.workspaceId, connectionId: conn.id });
  });

  it("gives a workspace a working client, and maps the engine's errors", async () => {
    const ws = await t.db.workspace.findUniqueOrThrow({ where: { id: cast.workspaceId }, select: { id: true, connectionId: true } });
    const client = await createUpstreamFor({ db: t.db })(ws);
    const policies = await client.getProtectionPolicies({});
    expect(Array.isArray(policies.policies ?? [])).toBe(true);
    const missing = await client.getProtectionPolicyByID({ pathParams: { id: "1:1:999999" } }).catch((e: unknown) => e);
    const mapped = toTRPCError(missing);
    expect(mapped.code).toBe("NOT_FOUND");
  });
});
