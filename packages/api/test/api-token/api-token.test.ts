// API tokens end to end on real PostgreSQL: create → use → last use recorded → revoke → refused;
// expiry; role caps (at creation and at use); admin visibility; no ops through tokens.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiRateLimitedError, contextFromApiToken, createApiRateLimiter, createCaller, createContext, hashApiToken, silentLog } from "../../src/index.ts";
import { createCast, type Cast } from "../helpers/actors.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("apitoken");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

const viaToken = async (token: string) =>
  createCaller(await contextFromApiToken(t.db, `Bearer ${token}`, { clientIp: "198.51.100.4", log: silentLog }));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("apiToken", () => {
  it("creates a token shown once, stored hashed, usable, with last use recorded, then revoked and refused", async () => {
    const { token, apiToken } = await cast.caller("admin").apiToken.create({ name: "ci", role: "admin", expiresInDays: 30 });
    expect(token).toMatch(/^lbt_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: "ci", role: "admin", state: "active", prefix: token.slice(0, 12), lastUsedAt: null });
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBeGreaterThan(29.9 * 86_400_000);

    const caller = await viaToken(token);
    const users = await caller.user.list({});
    expect(users.items.map((u) => u.email)).toContain(cast.users.admin.email);
    const used = await t.db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(used.lastUsedAt).not.toBeNull();

    // The audit row names the token (a workspace setting: tokens never change identities).
    await caller.alertSettings.update({ agentOfflineMinutes: 10, runStalledMinutes: 30, staleHours: null, staleFactor: 2, storagePercent: 85, upstreamFailures: 3, eventHours: 24 });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { procedure: "alertSettings.update" }, orderBy: { id: "desc" } });
    expect(audit.actor).toBe(`${cast.users.admin.email} (API token "ci")`);

    const revoked = await cast.caller("admin").apiToken.revoke({ id: apiToken.id });
    expect(revoked.state).toBe("revoked");
    await expect(viaToken(token)).rejects.toMatchObject({ code: "UNAUTHORIZED", message: 'API token "ci" was revoked' });
  });

  it("refuses expired, unknown and malformed tokens without echoing them", async () => {
    const { token, apiToken } = await cast.caller("viewer").apiToken.create({ name: "old", role: "viewer", expiresInDays: 1 });
    await t.db.apiToken.update({ where: { id: apiToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(viaToken(token)).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining('API token "old" expired') });
    const unknown = `lbt_${"A".repeat(43)}`;
    const e = await viaToken(unknown).catch((x: unknown) => x as TRPCError);
    expect(e).toMatchObject({ code: "UNAUTHORIZED", message: "Unknown API token" });
    await expect(viaToken("lbt_short")).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("Malformed") });
    const listed = await cast.caller("viewer").apiToken.list({ includeInactive: true });
    expect(listed.items.find((i) => i.id === apiToken.id)?.state).toBe("expired");
    expect((await cast.caller("viewer").apiToken.list({})).items.find((i) => i.id === apiToken.id)).toBeUndefined();
  });

  it("caps the role: never above the creator's, and never above the user's current role", async () => {
    const operator = cast.caller("operator");
    expect(await codeOf(operator.apiToken.create({ name: "too-high", role: "admin" }))).toBe("FORBIDDEN");

    const viewerToken = (await cast.caller("admin").apiToken.create({ name: "read-only", role: "viewer" })).token;
    const asViewer = await viaToken(viewerToken);
    expect(await codeOf(asViewer.user.list({}))).toBe("FORBIDDEN");
    expect(await codeOf(asViewer.apiToken.list({}))).toBe("ok");

    // An admin token of a user who is later demoted acts as the demoted role.
    const demoted = await t.db.user.create({
      data: { email: `demoted-${Date.now()}@example.test`, memberships: { create: { workspaceId: cast.workspaceId, role: "admin" } } },
      select: { id: true, email: true },
    });
    const { callerFor } = await import("../helpers/actors.ts");
    const adminToken = (await callerFor(t.db, demoted).apiToken.create({ name: "admin-then", role: "admin" })).token;
    expect(await codeOf((await viaToken(adminToken)).user.list({}))).toBe("ok");
    await t.db.membership.update({ where: { userId_workspaceId: { userId: demoted.id, workspaceId: cast.workspaceId } }, data: { role: "viewer" } });
    expect(await codeOf((await viaToken(adminToken)).user.list({}))).toBe("FORBIDDEN");
    // Removed from the workspace: the token acts nowhere.
    await t.db.membership.delete({ where: { userId_workspaceId: { userId: demoted.id, workspaceId: cast.workspaceId } } });
    expect(await codeOf((await viaToken(adminToken)).apiToken.list({}))).toBe("FORBIDDEN");
  });

  it("lets admins see and revoke every token of the workspace, others only their own", async () => {
    const mine = (await cast.caller("operator").apiToken.create({ name: "operator-script", role: "operator" })).apiToken;
    const viewerList = await cast.caller("viewer").apiToken.list({});
    expect(viewerList.items.every((i) => i.user.id === cast.users.viewer.id)).toBe(true);
    expect(await codeOf(cast.caller("viewer").apiToken.revoke({ id: mine.id }))).toBe("NOT_FOUND");
    const adminList = await cast.caller("admin").apiToken.list({ limit: 100 });
    expect(adminList.items.map((i) => i.id)).toContain(mine.id);
    expect((await cast.caller("admin").apiToken.revoke({ id: mine.id })).state).toBe("revoked");
  });

  it("keeps tokens out of ops procedures and token management", async () => {
    await t.db.membership.create({ data: { userId: cast.users.ops.id, workspaceId: cast.workspaceId, role: "admin" } });
    const { token } = await cast.caller("ops").apiToken.create({ name: "ops-token", role: "admin" });
    const caller = await viaToken(token);
    expect(await codeOf(caller.apiToken.create({ name: "minted", role: "viewer" }))).toBe("FORBIDDEN");
    expect(await codeOf(caller.dashboard.ops())).toBe("FORBIDDEN");
    expect(await codeOf(cast.caller("ops").dashboard.ops())).toBe("ok");
  });

  it("limits requests per token and per user with TOO_MANY_REQUESTS and a retry delay", async () => {
    const { token } = await cast.caller("viewer").apiToken.create({ name: "busy", role: "viewer" });
    const rateLimiter = createApiRateLimiter({ perToken: 2, perUser: 3, windowSeconds: 30 });
    const caller = createCaller(await contextFromApiToken(t.db, token, { clientIp: null, log: silentLog, rateLimiter }));
    await caller.apiToken.list({});
    await caller.apiToken.list({});
    const error = (await caller.apiToken.list({}).then(
      () => null,
      (e: unknown) => e as TRPCError,
    ))!;
    expect(error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringContaining("API token") });
    expect(error.cause).toBeInstanceOf(ApiRateLimitedError);
    expect((error.cause as ApiRateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(29);
    // The same user's session has its own (user) allowance left: one more, then refused.
    const session = createCaller(
      createContext({ db: t.db, session: { user: cast.users.viewer }, clientIp: null, log: silentLog, rateLimiter }),
    );
    await session.apiToken.list({});
    expect(await codeOf(session.apiToken.list({}))).toBe("TOO_MANY_REQUESTS");
  });
});
