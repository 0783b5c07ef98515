// User administration: creation (with a one-time generated password), role changes, and the
// invariants that keep the portal administrable.
import { verifyPassword } from "@lifeboat/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCast, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
beforeAll(async () => {
  t = await openTestDb("users");
  cast = await createCast(t.db);
});
afterAll(() => t?.close());

describe("user administration", () => {
  it("creates a user with a generated password shown once, stored only as an argon2id hash", async () => {
    const admin = cast.caller("admin");
    const { user, generatedPassword } = await admin.user.create({
      email: "  New.Person@Example.TEST ",
      name: "New Person",
      membership: { workspaceId: cast.workspaceId, role: "operator" },
    });
    expect(user.email).toBe("new.person@example.test");
    expect(user.hasPassword).toBe(true);
    expect(user).not.toHaveProperty("passwordHash");
    expect(user.memberships).toEqual([{ workspaceId: cast.workspaceId, workspaceName: expect.any(String), role: "operator" }]);
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash!, generatedPassword!)).toBe(true);
    const listed = await admin.user.list({ search: "new.person" });
    expect(JSON.stringify(listed)).not.toContain(stored.passwordHash!);
  });

  it("reports a duplicate email as CONFLICT", async () => {
    await expect(
      cast.caller("admin").user.create({ email: cast.users.viewer.email, password: "another-long-password" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("pages the user list with a cursor", async () => {
    const admin = cast.caller("admin");
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof admin.user.list>> = await admin.user.list({ cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.email));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await t.db.user.findMany({ select: { email: true }, orderBy: { email: "asc" } });
    expect(seen).toEqual(all.map((u) => u.email));
  });

  it("lets an admin change roles but not demote, disable or delete themselves", async () => {
    const admin = cast.caller("admin");
    await expect(
      admin.user.setRole({ userId: cast.users.admin.id, workspaceId: cast.workspaceId, role: "operator" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.user.update({ id: cast.users.admin.id, disabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.user.delete({ id: cast.users.admin.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const changed = await admin.user.setRole({ userId: cast.users.viewer.id, workspaceId: cast.workspaceId, role: "operator" });
    expect(changed.role).toBe("operator");
    const granted = await admin.user.setRole({ userId: cast.users.ops.id, workspaceId: cast.otherWorkspaceId, role: "viewer" });
    expect(granted).toMatchObject({ userId: cast.users.ops.id, workspaceId: cast.otherWorkspaceId, role: "viewer" });
  });

  it("never leaves a workspace without an admin", async () => {
    const admin = cast.caller("admin");
    // Make the operator the only admin of the other workspace, then try to demote / remove / delete them.
    await admin.user.setRole({ userId: cast.users.operator.id, workspaceId: cast.otherWorkspaceId, role: "admin" });
    await expect(
      admin.user.setRole({ userId: cast.users.operator.id, workspaceId: cast.otherWorkspaceId, role: "viewer" }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("last admin") });
    await expect(
      admin.user.removeFromWorkspace({ userId: cast.users.operator.id, workspaceId: cast.otherWorkspaceId }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(admin.user.delete({ id: cast.users.operator.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    // With a second admin there, the first can go.
    await admin.user.setRole({ userId: cast.users.admin.id, workspaceId: cast.otherWorkspaceId, role: "admin" });
    const removed = await admin.user.removeFromWorkspace({ userId: cast.users.operator.id, workspaceId: cast.otherWorkspaceId });
    expect(removed.removed).toBe(true);
  });

  it("lets only one of two admins demoting each other at the same moment succeed", async () => {
    const admin = cast.caller("admin");
    const ws = await admin.workspace.create({ name: "duel" });
    const { user: second } = await admin.user.create({ email: "second-admin@example.test", password: "a-long-enough-password" });
    await admin.user.setRole({ userId: second.id, workspaceId: ws.id, role: "admin" });
    const { callerFor } = await import("./helpers/actors.ts");
    const first = callerFor(t.db, cast.users.admin, { selectedWorkspaceId: ws.id });
    const other = callerFor(t.db, second, { selectedWorkspaceId: ws.id });
    const results = await Promise.allSettled([
      first.user.setRole({ userId: second.id, workspaceId: ws.id, role: "viewer" }),
      other.user.setRole({ userId: cast.users.admin.id, workspaceId: ws.id, role: "viewer" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await t.db.membership.count({ where: { workspaceId: ws.id, role: "admin" } })).toBe(1);
  });

  it("disables a user, which ends their access at once", async () => {
    const admin = cast.caller("admin");
    const { user } = await admin.user.create({ email: "to-disable@example.test", password: "a-long-enough-password" });
    await admin.user.setRole({ userId: user.id, workspaceId: cast.workspaceId, role: "viewer" });
    const updated = await admin.user.update({ id: user.id, disabled: true, isOps: true });
    expect(updated).toMatchObject({ disabled: true, isOps: true });
    const { callerFor } = await import("./helpers/actors.ts");
    await expect(callerFor(t.db, user).workspace.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const deleted = await admin.user.delete({ id: user.id });
    expect(deleted).toEqual({ id: user.id, deleted: true });
    expect(await t.db.user.findUnique({ where: { id: user.id } })).toBeNull();
  });

  it("rejects bad input with field errors", async () => {
    await expect(cast.caller("admin").user.create({ email: "not-an-email", password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("workspaces and me", () => {
  it("creates a workspace with its creator as admin and selects it", async () => {
    let persisted: string | null = null;
    const { createCaller, createContext, silentLog } = await import("../src/index.ts");
    const admin = cast.caller("admin");
    const ws = await admin.workspace.create({ name: "Finance backups" });
    const mine = await admin.workspace.list();
    expect(mine.find((w) => w.id === ws.id)).toMatchObject({ role: "admin", connection: null, memberCount: 1, apiTokenCount: 0 });
    const caller = createCaller(
      createContext({
        db: t.db,
        session: { user: cast.users.admin },
        clientIp: null,
        log: silentLog,
        persistWorkspaceSelection: (id) => (persisted = id),
      }),
    );
    const selected = await caller.me.selectWorkspace({ workspaceId: ws.id });
    expect(selected).toMatchObject({ selectedWorkspaceId: ws.id, role: "admin" });
    expect(persisted).toBe(ws.id);
    const me = await cast.caller("admin", { selectedWorkspaceId: ws.id }).me.get();
    expect(me.selectedWorkspaceId).toBe(ws.id);
    expect(me.workspaces.map((w) => w.id)).toContain(ws.id);
  });

  it("hides workspaces the caller is not a member of", async () => {
    await expect(cast.caller("viewer").workspace.get({ id: cast.otherWorkspaceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(cast.caller("viewer").me.selectWorkspace({ workspaceId: cast.otherWorkspaceId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const ws = await cast.caller("admin").workspace.get({ id: cast.workspaceId });
    expect(ws.role).toBe("admin");
    expect(ws.memberCount).toBeGreaterThanOrEqual(3);
  });

  it("refuses to delete the workspace the admin is working in", async () => {
    await expect(cast.caller("admin").workspace.delete({ id: cast.workspaceId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });
});

describe("passwords", () => {
  it("lets an admin reset a password and the user change it, knowing the current one", async () => {
    const { authorizeCredentials, createSignInLimiter } = await import("../src/index.ts");
    const limiter = createSignInLimiter(t.db);
    const admin = cast.caller("admin");
    const { user } = await admin.user.create({ email: "forgetful@example.test", password: "the-first-password" });
    const reset = await admin.user.resetPassword({ id: user.id });
    expect(reset.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const signIn = (password: string) =>
      authorizeCredentials({ email: "forgetful@example.test", password, clientIp: "192.0.2.77" }, { db: t.db, limiter });
    expect(await signIn("the-first-password")).toBeNull();
    expect(await signIn(reset.generatedPassword!)).toMatchObject({ id: user.id });

    const { callerFor } = await import("./helpers/actors.ts");
    const self = callerFor(t.db, user);
    await expect(
      self.me.changePassword({ currentPassword: "not it", newPassword: "my-own-new-password" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(self.me.changePassword({ currentPassword: reset.generatedPassword!, newPassword: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("newPassword"),
    });
    // No sessions of that user were open (the caller is not a signed-in browser): none ended.
    expect(await self.me.changePassword({ currentPassword: reset.generatedPassword!, newPassword: "my-own-new-password" })).toEqual({
      changed: true,
      endedSessions: 0,
    });
    expect(await signIn("my-own-new-password")).toMatchObject({ id: user.id });
  });
});

describe("the last instance admin", () => {
  it("cannot hand back the role, nor be disabled or deleted (409); with another instance admin, one may hand it back", async () => {
    const { callerFor } = await import("./helpers/actors.ts");
    // Only the cast's admin is instance admin from here on.
    await t.db.user.updateMany({ where: { id: { not: cast.users.admin.id } }, data: { isInstanceAdmin: false } });
    const admin = cast.caller("admin");
    const last = { code: "CONFLICT", message: "This is the last instance admin of the portal; make someone else instance admin first" };
    await expect(admin.user.update({ id: cast.users.admin.id, isInstanceAdmin: false })).rejects.toMatchObject(last);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: cast.users.admin.id } })).isInstanceAdmin).toBe(true);

    const second = await t.db.user.create({ data: { email: "second-instance-admin@example.test", isInstanceAdmin: true }, select: { id: true, email: true } });
    // Two instance admins: the first hands the role back…
    await expect(admin.user.update({ id: cast.users.admin.id, isInstanceAdmin: false })).resolves.toMatchObject({ isInstanceAdmin: false });
    // …and now the second is the last: not by themselves, and there is nobody else left to do it.
    const secondCaller = callerFor(t.db, second);
    await expect(secondCaller.user.update({ id: second.id, isInstanceAdmin: false })).rejects.toMatchObject(last);
    await expect(admin.user.update({ id: second.id, disabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(secondCaller.user.update({ id: cast.users.admin.id, isInstanceAdmin: true })).resolves.toMatchObject({ isInstanceAdmin: true });
    await expect(admin.user.delete({ id: second.id })).resolves.toMatchObject({ deleted: true });
    await expect(admin.user.update({ id: cast.users.admin.id, isInstanceAdmin: false })).rejects.toMatchObject(last);
    const refused = await t.db.auditEvent.findFirst({ where: { procedure: "user.update", errorCode: "CONFLICT" }, orderBy: { id: "desc" } });
    expect(refused).toMatchObject({ outcome: "error", actor: cast.users.admin.email });
  });
});
