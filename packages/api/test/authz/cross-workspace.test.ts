// The attacks reported in issue 13, replayed against the BFF over real PostgreSQL and a real HTTP
// upstream: each must be refused with FORBIDDEN and leave nothing changed — no membership, no user,
// no edited connection, and no request at the attacker's listener.
import { decryptSecret } from "@lifeboat/db";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, tokenCaller } from "../helpers/actors.ts";
import { startFakeUpstream, type FakeUpstream } from "../helpers/fake-upstream.ts";
import { startHttpReceiver, type HttpReceiver } from "../helpers/receivers.ts";
import { openTestDb, type TestDb } from "../helpers/test-db.ts";
import { encryptSecret } from "@lifeboat/db";

const KEY_A = "ibm-api-key-of-A-Zq8v1Xw3Rt5y7U9i0Op2As4";
const TENANT = "tenant-a/";
const forbidden = { code: "FORBIDDEN" };

let t: TestDb;
let upstreamA: FakeUpstream;
let listener: HttpReceiver;
const ids = {} as { A: string; B: string; connA: string; adminA: string; adminB: string; instanceAdmin: string; memberA: string };
const users = {} as Record<"adminA" | "adminB" | "instanceAdmin" | "adminAviewerB", { id: string; email: string }>;

beforeAll(async () => {
  [t, upstreamA, listener] = await Promise.all([openTestDb("authz_attacks"), startFakeUpstream({ apiKey: KEY_A, tenantId: TENANT, policies: [{ id: "12:34:1", name: "A's secret policy", backupPolicy: { regular: { incremental: { schedule: { unit: "Days" } }, retention: { unit: "Days", duration: 7 } } } }] }), startHttpReceiver()]);
  const tag = randomUUID().slice(0, 8);
  const conn = await t.db.upstreamConnection.create({
    data: { name: `A-${tag}`, kind: "ibm", serviceUrl: `${upstreamA.url}/v2`, iamTokenUrl: `${upstreamA.url}/identity/token`, tenantId: TENANT, apiKeyCiphertext: encryptSecret(KEY_A) },
  });
  const A = await t.db.workspace.create({ data: { name: `A-${tag}`, connectionId: conn.id } });
  const B = await t.db.workspace.create({ data: { name: `B-${tag}` } });
  const user = (name: string, data: object = {}) =>
    t.db.user.create({ data: { email: `${name}-${tag}@example.test`, ...data }, select: { id: true, email: true } });
  users.adminA = await user("admin-a", { memberships: { create: { workspaceId: A.id, role: "admin" } } });
  users.adminB = await user("admin-b", { memberships: { create: { workspaceId: B.id, role: "admin" } } });
  users.adminAviewerB = await user("admin-a-viewer-b", { memberships: { create: [{ workspaceId: A.id, role: "admin" }, { workspaceId: B.id, role: "viewer" }] } });
  users.instanceAdmin = await user("instance", { isInstanceAdmin: true, memberships: { create: { workspaceId: A.id, role: "admin" } } });
  const memberA = await user("member-a", { memberships: { create: { workspaceId: A.id, role: "viewer" } } });
  Object.assign(ids, { A: A.id, B: B.id, connA: conn.id, memberA: memberA.id });
});
afterAll(async () => {
  await Promise.all([upstreamA?.close(), listener?.close()]);
  await t?.close();
});

const roleIn = async (userId: string, workspaceId: string) =>
  (await t.db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId } }, select: { role: true } }))?.role ?? null;

describe("a workspace admin acts in their own workspaces only", () => {
  it("B's admin cannot make itself admin of A with user.setRole, so A's policies stay unreadable", async () => {
    const b = callerFor(t.db, users.adminB, { selectedWorkspaceId: ids.B });
    await expect(b.user.setRole({ userId: users.adminB.id, workspaceId: ids.A, role: "admin" })).rejects.toMatchObject(forbidden);
    expect(await roleIn(users.adminB.id, ids.A)).toBeNull();
    await expect(callerFor(t.db, users.adminB, { selectedWorkspaceId: ids.A }).policy.list({})).rejects.toMatchObject(forbidden);
    expect(upstreamA.requests).toEqual([]);
    // Control: A's own admin reads A's policies through the same path.
    const mine = await callerFor(t.db, users.adminA, { selectedWorkspaceId: ids.A }).policy.list({});
    expect(JSON.stringify(mine)).toContain("A's secret policy");
  });

  it("refuses B's admin every other cross-workspace admin action on A", async () => {
    const b = callerFor(t.db, users.adminB, { selectedWorkspaceId: ids.B });
    await expect(b.user.setRole({ userId: ids.memberA, workspaceId: ids.A, role: "admin" })).rejects.toMatchObject(forbidden);
    await expect(b.user.removeFromWorkspace({ userId: users.adminA.id, workspaceId: ids.A })).rejects.toMatchObject(forbidden);
    await expect(b.workspace.update({ id: ids.A, name: "taken" })).rejects.toMatchObject(forbidden);
    // Binding its own workspace to A's connection would read A's backups.
    await expect(b.workspace.update({ id: ids.B, connectionId: ids.connA })).rejects.toMatchObject(forbidden);
    await expect(b.workspace.delete({ id: ids.A })).rejects.toMatchObject(forbidden);
    await expect(b.user.resetPassword({ id: users.adminA.id })).rejects.toMatchObject(forbidden);
    await expect(b.user.update({ id: users.adminA.id, disabled: true })).rejects.toMatchObject(forbidden);
    expect(await roleIn(ids.memberA, ids.A)).toBe("viewer");
    expect(await roleIn(users.adminA.id, ids.A)).toBe("admin");
    expect(await t.db.workspace.findUniqueOrThrow({ where: { id: ids.B } })).toMatchObject({ connectionId: null });
    expect(await t.db.workspace.findUniqueOrThrow({ where: { id: ids.A } })).toMatchObject({ connectionId: ids.connA });
    expect(await t.db.user.findUniqueOrThrow({ where: { id: users.adminA.id } })).toMatchObject({ disabled: false });
  });

  it("refuses an admin of A who is only a viewer of B, naming the role there, whatever is selected", async () => {
    for (const selected of [ids.A, ids.B]) {
      const a = callerFor(t.db, users.adminAviewerB, { selectedWorkspaceId: selected });
      await expect(a.user.setRole({ userId: users.adminAviewerB.id, workspaceId: ids.B, role: "admin" })).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringContaining("(you are viewer there)"),
      });
      await expect(a.workspace.update({ id: ids.B, name: "renamed" })).rejects.toMatchObject(forbidden);
    }
    expect(await roleIn(users.adminAviewerB.id, ids.B)).toBe("viewer");
  });

  it("lets a workspace admin manage their own members, and lists users and audit rows of their workspace only", async () => {
    const a = callerFor(t.db, users.adminA, { selectedWorkspaceId: ids.A });
    expect(await a.user.setRole({ userId: ids.memberA, workspaceId: ids.A, role: "operator" })).toMatchObject({ role: "operator" });
    const listed = (await a.user.list({})).items.map((u) => u.id);
    expect(listed).toContain(ids.memberA);
    expect(listed).not.toContain(users.adminB.id);
    const rows = (await a.audit.list({ limit: 100 })).items;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.workspaceId === ids.A)).toBe(true);
    // The instance admin sees B's refused attempts too.
    const all = (await callerFor(t.db, users.instanceAdmin, { selectedWorkspaceId: ids.A }).audit.list({ limit: 100 })).items;
    expect(all.some((r) => r.workspaceId === ids.B && r.outcome === "error")).toBe(true);
  });
});

describe("an API token acts inside its workspace at its role, and never on identities or connections", () => {
  it("an A-scoped admin token cannot create a user who is admin of B with the ops flag — not even an instance admin's token", async () => {
    for (const owner of [users.adminA, users.instanceAdmin]) {
      const { caller } = await tokenCaller(t.db, owner, ids.A, "admin");
      const email = `minted-${randomUUID().slice(0, 8)}@example.test`;
      await expect(
        caller.user.create({ email, password: "a-long-enough-password", isOps: true, membership: { workspaceId: ids.B, role: "admin" } }),
      ).rejects.toMatchObject(forbidden);
      expect(await t.db.user.findUnique({ where: { email } })).toBeNull();
    }
  });

  it("refuses tokens every change of users, roles, memberships, tokens, passwords and connections", async () => {
    const { caller } = await tokenCaller(t.db, users.instanceAdmin, ids.A, "admin");
    const attempts = [
      () => caller.user.setRole({ userId: ids.memberA, workspaceId: ids.A, role: "admin" }),
      () => caller.user.removeFromWorkspace({ userId: ids.memberA, workspaceId: ids.A }),
      () => caller.user.update({ id: ids.memberA, isOps: true }),
      () => caller.user.resetPassword({ id: ids.memberA }),
      () => caller.user.delete({ id: ids.memberA }),
      () => caller.apiToken.create({ name: "child", role: "viewer", expiresInDays: 1 }),
      () => caller.apiToken.revoke({ id: "some-token" }),
      () => caller.me.changePassword({ currentPassword: "x", newPassword: "a-new-long-password" }),
      () => caller.workspace.create({ name: `ws-${randomUUID().slice(0, 8)}` }),
      () => caller.workspace.update({ id: ids.A, name: "renamed by token" }),
      () => caller.upstreamConnection.list(),
      () => caller.upstreamConnection.update({ id: ids.connA, iamTokenUrl: `${listener.url}/identity/token` }),
      () => caller.upstreamConnection.test({ id: ids.connA }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject(forbidden);
    expect(await roleIn(ids.memberA, ids.A)).not.toBe("admin");
    expect(await t.db.user.findUniqueOrThrow({ where: { id: ids.memberA } })).toMatchObject({ isOps: false });
    expect(listener.requests).toEqual([]);
  });
});

describe("upstream connections are instance admins' only", () => {
  it("refuses update and test of A's connection from B's admin and from A's admin token; the listener receives nothing", async () => {
    const before = await t.db.upstreamConnection.findUniqueOrThrow({ where: { id: ids.connA } });
    const callers = [
      callerFor(t.db, users.adminB, { selectedWorkspaceId: ids.B }),
      callerFor(t.db, users.adminA, { selectedWorkspaceId: ids.A }),
      (await tokenCaller(t.db, users.adminA, ids.A, "admin")).caller,
    ];
    for (const c of callers) {
      await expect(c.upstreamConnection.update({ id: ids.connA, iamTokenUrl: `${listener.url}/identity/token` })).rejects.toMatchObject(forbidden);
      await expect(c.upstreamConnection.update({ id: ids.connA, serviceUrl: `${listener.url}/v2` })).rejects.toMatchObject(forbidden);
      await expect(c.upstreamConnection.test({ id: ids.connA })).rejects.toMatchObject(forbidden);
      await expect(c.upstreamConnection.get({ id: ids.connA })).rejects.toMatchObject(forbidden);
    }
    const after = await t.db.upstreamConnection.findUniqueOrThrow({ where: { id: ids.connA } });
    expect(after).toEqual(before);
    expect(decryptSecret(after.apiKeyCiphertext)).toBe(KEY_A);
    expect(listener.requests).toEqual([]);
  });
});
