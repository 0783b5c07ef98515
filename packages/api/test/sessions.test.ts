// Revocable browser sessions: each way a session can end (sign-out, password change, admin reset,
// disable, role change, membership removal, ops flag, "sign out" and "sign out everywhere" from
// Settings) makes its next call UNAUTHORIZED, and only the sessions it should.
import { hashPassword } from "@lifeboat/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endSession, findActiveSession, startSession } from "../src/auth/sessions.ts";
import { createCaller, createContext, silentLog } from "../src/index.ts";
import { createCast, type Cast } from "./helpers/actors.ts";
import { openTestDb, type TestDb } from "./helpers/test-db.ts";

let t: TestDb;
let cast: Cast;
let adminSession: string;
beforeAll(async () => {
  t = await openTestDb("sessions");
  cast = await createCast(t.db);
  adminSession = await startSession(t.db, { userId: cast.users.admin.id, userAgent: "admin-browser", clientIp: "198.51.100.1" });
});
afterAll(() => t?.close());

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/** A caller as the web app builds it for a browser session (the JWT's sid). */
function browser(user: { id: string; email: string }, sessionId: string, selectedWorkspaceId: string | null = null) {
  return createCaller(
    createContext({ db: t.db, session: { user, sessionId }, clientIp: "203.0.113.9", log: silentLog, selectedWorkspaceId }),
  );
}

const admin = () => browser(cast.users.admin, adminSession, cast.workspaceId);

/** A fresh user with `count` sessions. */
async function userWithSessions(name: string, count: number, password = "correct horse battery staple") {
  const user = await t.db.user.create({
    data: {
      email: `${name}-${Math.random().toString(36).slice(2, 8)}@example.test`,
      passwordHash: await hashPassword(password),
      memberships: { create: { workspaceId: cast.workspaceId, role: "operator" } },
    },
    select: { id: true, email: true },
  });
  const sessions: string[] = [];
  for (let i = 0; i < count; i++) sessions.push(await startSession(t.db, { userId: user.id, userAgent: FIREFOX, clientIp: `192.0.2.${i + 1}` }));
  return { user, sessions, password };
}

async function expectRevoked(user: { id: string; email: string }, sessionId: string) {
  await expect(browser(user, sessionId).me.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
}
async function expectLive(user: { id: string; email: string }, sessionId: string) {
  await expect(browser(user, sessionId).me.get()).resolves.toMatchObject({ user: { id: user.id } });
}

describe("revocable sessions", () => {
  it("ends a session at sign-out; the user's other sessions keep working", async () => {
    const { user, sessions } = await userWithSessions("signout", 2);
    await expectLive(user, sessions[0]!);
    await endSession(t.db, sessions[0]!);
    await expectRevoked(user, sessions[0]!);
    await expectLive(user, sessions[1]!);
  });

  it("ends every other session when the user changes the password, keeping the one that changed it", async () => {
    const { user, sessions, password } = await userWithSessions("change", 3);
    const result = await browser(user, sessions[0]!).me.changePassword({ currentPassword: password, newPassword: "a brand new passphrase" });
    expect(result).toEqual({ changed: true, endedSessions: 2 });
    await expectLive(user, sessions[0]!);
    await expectRevoked(user, sessions[1]!);
    await expectRevoked(user, sessions[2]!);
  });

  it("ends the user's sessions at an admin reset, disable, role change, membership removal and ops flag change", async () => {
    const cases: [string, (userId: string) => Promise<unknown>][] = [
      ["reset", (id) => admin().user.resetPassword({ id })],
      ["disable", (id) => admin().user.update({ id, disabled: true })],
      ["role", (id) => admin().user.setRole({ userId: id, workspaceId: cast.workspaceId, role: "viewer" })],
      ["remove", (id) => admin().user.removeFromWorkspace({ userId: id, workspaceId: cast.workspaceId })],
      ["ops", (id) => admin().user.update({ id, isOps: true })],
    ];
    for (const [name, act] of cases) {
      const { user, sessions } = await userWithSessions(name, 2);
      await expectLive(user, sessions[0]!);
      await act(user.id);
      await expectRevoked(user, sessions[0]!);
      await expectRevoked(user, sessions[1]!);
    }
    // The admin acting keeps their own session.
    await expect(admin().me.get()).resolves.toMatchObject({ user: { id: cast.users.admin.id } });
  });

  it("keeps a session when nothing about the user changed (renaming, setting the same role)", async () => {
    const { user, sessions } = await userWithSessions("same", 1);
    await admin().user.update({ id: user.id, name: "Renamed" });
    await admin().user.setRole({ userId: user.id, workspaceId: cast.workspaceId, role: "operator" });
    await expectLive(user, sessions[0]!);
  });

  it("lists the user's sessions with device, address and last seen, and signs one out or all", async () => {
    const { user, sessions } = await userWithSessions("list", 3);
    const mine = browser(user, sessions[0]!).me;
    const { items } = await mine.session.list();
    expect(items).toHaveLength(3);
    expect(items.find((s) => s.id === sessions[0])).toMatchObject({ current: true, device: "Firefox 128 on Linux", clientIp: "203.0.113.9" });
    expect(items.find((s) => s.id === sessions[1])).toMatchObject({ current: false, clientIp: "192.0.2.2", lastSeenAt: expect.any(Date) });
    // Someone else's session is not this user's to end.
    await expect(mine.session.revoke({ id: adminSession })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mine.session.revoke({ id: sessions[1]! })).resolves.toEqual({ id: sessions[1], current: false });
    await expectRevoked(user, sessions[1]!);
    await expectLive(user, sessions[2]!);
    await expect(mine.session.revokeAll()).resolves.toEqual({ ended: 2 });
    await expectRevoked(user, sessions[0]!);
    await expectRevoked(user, sessions[2]!);
    await expect(admin().me.get()).resolves.toBeTruthy();
  });

  it("refuses a session past its expiry", async () => {
    const { user, sessions } = await userWithSessions("expired", 1);
    const later = new Date(Date.now() + 13 * 60 * 60 * 1000);
    expect(await findActiveSession(t.db, sessions[0]!, { now: later })).toBeNull();
    expect(await findActiveSession(t.db, sessions[0]!)).toMatchObject({ user: { id: user.id } });
  });
});
