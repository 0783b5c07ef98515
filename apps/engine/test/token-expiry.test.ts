// Access tokens expire (ENGINE_TOKEN_TTL_SECS) and carry exp/iat like IBM IAM's JWTs, which is
// what ibm-cloud-sdk-core schedules its refresh from; refresh tokens and revoked keys behave.
// The TTL here is 5 s: exp has whole seconds, so a token lives TTL minus up to 1 s, and a loaded CI
// machine can take a second or more between issuing a token and using it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { iamToken, rawCall, startEngineProcess, type EngineProcess } from "./helpers/engine-process.ts";

let engine: EngineProcess;

beforeAll(async () => {
  engine = await startEngineProcess({ ENGINE_TOKEN_TTL_SECS: "5" });
});
afterAll(async () => {
  await engine?.stop();
});

const listPolicies = (token: string) =>
  rawCall(`${engine.url}/v2/data-protect/policies`, { token, tenantId: engine.bootstrap.tenantId });

describe("IAM-compatible tokens", () => {
  it("issues a JWT with exp/iat matching expires_in and expiration", async () => {
    const t = await iamToken(engine.url, engine.bootstrap.apiKey);
    expect(t).toMatchObject({ token_type: "Bearer", expires_in: 5 });
    const claims = JSON.parse(Buffer.from(t.access_token.split(".")[1]!, "base64url").toString()) as { exp: number; iat: number };
    expect(claims.exp - claims.iat).toBe(5);
    expect(claims.exp).toBe(t.expiration);
    expect(JSON.stringify(claims)).not.toContain(engine.bootstrap.apiKey);
  });

  it("rejects an expired token with 401, and a refreshed one works again", async () => {
    const t = await iamToken(engine.url, engine.bootstrap.apiKey);
    expect((await listPolicies(t.access_token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5_600));
    expect(await listPolicies(t.access_token)).toMatchObject({ status: 401, body: { message: expect.stringMatching(/expired/) } });
    const refreshed = await rawCall(`${engine.url}/identity/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: t.refresh_token }).toString(),
    });
    expect(refreshed.status).toBe(200);
    expect((await listPolicies(refreshed.body["access_token"] as string)).status).toBe(200);
  });

  it("the upstream client keeps working across expiries (it re-exchanges the key)", async () => {
    const api = engine.client();
    await api.createProtectionPolicy({
      body: { name: "p", backupPolicy: { regular: { incremental: { schedule: { unit: "Minutes", minuteSchedule: { frequency: 30 } } }, retention: { unit: "Days", duration: 1 } } } },
    });
    await new Promise((r) => setTimeout(r, 5_600));
    expect((await api.getProtectionPolicies({})).policies!.map((p) => p.name)).toEqual(["p"]);
  });

  it("revoking the API key revokes its live tokens", async () => {
    const t = await iamToken(engine.url, engine.bootstrap.apiKey);
    const client = new pg.Client({ connectionString: engine.databaseUrl });
    await client.connect();
    try {
      await client.query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE "tenantId" = $1`, [engine.bootstrap.tenantId]);
    } finally {
      await client.end();
    }
    expect(await listPolicies(t.access_token)).toMatchObject({ status: 401, body: { message: expect.stringMatching(/revoked/) } });
  });
});
