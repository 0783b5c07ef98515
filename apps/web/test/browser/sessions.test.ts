// Revocable sessions and sign-in throttling against the real portal (apps/web/server.ts over
// `next build`, PostgreSQL): each way a session ends — sign-out, password change, admin reset,
// disable, role change — makes the old cookie get 401; a client guessing a password is slowed down
// while the real user gets in from another; Settings → Your sessions in Chromium lists the admin's
// sessions with their address and signs another one out. Clients are told apart by their socket
// address only (127.0.0.x).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, screenshot, signIn, type BrowserSession } from "./browser.ts";
import { PortalClient, trpcData } from "./portal-client.ts";
import { startPortal, type Portal } from "./portal-harness.ts";

let portal: Portal;
let admin: PortalClient;
let workspaceId = "";

beforeAll(async () => {
  portal = await startPortal();
  admin = new PortalClient(portal.url, "127.0.0.10");
  expect(await admin.signIn(portal.admin.email, portal.admin.password)).toEqual({ ok: true, error: null });
  workspaceId = trpcData<{ selectedWorkspaceId: string }>(await admin.query("me.get")).selectedWorkspaceId;
});

afterAll(async () => {
  await portal?.stop();
});

let userCount = 0;
/** A new operator with a known password, signed in from two clients (two addresses). */
async function operatorSignedInTwice() {
  const email = `operator-${++userCount}@sessions.test`;
  const password = `Operator-password-${userCount}-long`;
  const { user } = trpcData<{ user: { id: string } }>(
    await admin.mutation("user.create", { email, password, membership: { workspaceId, role: "operator" } }),
  );
  const first = new PortalClient(portal.url, `127.0.0.${20 + userCount * 2}`);
  const second = new PortalClient(portal.url, `127.0.0.${21 + userCount * 2}`);
  expect((await first.signIn(email, password)).ok).toBe(true);
  expect((await second.signIn(email, password)).ok).toBe(true);
  expect((await first.query("me.get")).status).toBe(200);
  expect((await second.query("me.get")).status).toBe(200);
  return { id: user.id, email, password, first, second };
}

describe("revocable sessions, real portal", () => {
  it("sign-out: the signed-out cookie, replayed, gets 401; the user's other browser stays signed in", async () => {
    const op = await operatorSignedInTwice();
    const replay = op.first.clone();
    await op.first.signOut();
    expect((await replay.query("me.get")).status).toBe(401);
    expect((await op.second.query("me.get")).status).toBe(200);
  });

  it("password change: the user's other sessions get 401, the one that changed it keeps working", async () => {
    const op = await operatorSignedInTwice();
    const changed = await op.first.mutation("me.changePassword", { currentPassword: op.password, newPassword: "A-new-password-for-sure" });
    expect(trpcData(changed)).toEqual({ changed: true, endedSessions: 1 });
    expect((await op.second.query("me.get")).status).toBe(401);
    expect((await op.first.query("me.get")).status).toBe(200);
  });

  it("admin reset, disable and role change: every session of the user gets 401", async () => {
    const actions: [string, (id: string) => Promise<unknown>][] = [
      ["reset", (id) => admin.mutation("user.resetPassword", { id })],
      ["disable", (id) => admin.mutation("user.update", { id, disabled: true })],
      ["role", (id) => admin.mutation("user.setRole", { userId: id, workspaceId, role: "viewer" })],
    ];
    for (const [name, act] of actions) {
      const op = await operatorSignedInTwice();
      expect((await act(op.id)) as { status: number }, name).toMatchObject({ status: 200 });
      expect((await op.first.query("me.get")).status, name).toBe(401);
      expect((await op.second.query("me.get")).status, name).toBe(401);
    }
    expect((await admin.query("me.get")).status).toBe(200);
  });

  it("records the client address of sign-ins and admin actions in the audit log", async () => {
    const rows = trpcData<{ items: { procedure: string; clientIp: string | null; actor: string }[] }>(
      await admin.query("audit.list", { limit: 100 }),
    ).items;
    const signIns = rows.filter((r) => r.procedure === "auth.signIn");
    expect(signIns.find((r) => r.actor === portal.admin.email)?.clientIp).toBe("127.0.0.10");
    expect(rows.find((r) => r.procedure === "user.resetPassword")?.clientIp).toBe("127.0.0.10");
    expect(signIns.every((r) => r.clientIp?.startsWith("127.0.0."))).toBe(true);
  });
});

describe("sign-in throttling, real portal", () => {
  it("slows a client guessing the admin's password (no lockout): the admin gets in from another client at once", async () => {
    const attacker = new PortalClient(portal.url, "127.0.0.90");
    const answers: (string | null)[] = [];
    for (let i = 0; i < 10; i++) answers.push((await attacker.signIn(portal.admin.email, `wrong guess ${i}`)).error);
    // Figures: 5 free guesses and one more are checked; the next ones are told how long to wait.
    expect(answers.slice(0, 6)).toEqual(Array(6).fill("CredentialsSignin"));
    for (const error of answers.slice(6)) expect(error).toMatch(/^RATE_LIMITED:Too many sign-in attempts; try again in \d+ seconds?$/);
    // The right password from the guessing client waits too…
    expect((await attacker.signIn(portal.admin.email, portal.admin.password)).error).toMatch(/^RATE_LIMITED:/);
    // …while the admin signs in from another address, and the session signed in before still works.
    expect(await new PortalClient(portal.url, "127.0.0.91").signIn(portal.admin.email, portal.admin.password)).toEqual({ ok: true, error: null });
    expect((await admin.query("me.get")).status).toBe(200);
    const audit = trpcData<{ items: { procedure: string; clientIp: string | null; errorCode: string | null }[] }>(
      await admin.query("audit.list", { limit: 100 }),
    ).items.filter((r) => r.procedure === "auth.signIn" && r.clientIp === "127.0.0.90");
    expect(audit.filter((r) => r.errorCode === "wrong_password")).toHaveLength(6);
    expect(audit.filter((r) => r.errorCode === "rate_limited")).toHaveLength(5);
  });
});

describe("Settings → Your sessions in Chromium", () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists the admin's sessions with their address and signs another one out, which then gets 401", async () => {
    const { page } = browser;
    const other = new PortalClient(portal.url, "127.0.0.77", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15");
    expect((await other.signIn(portal.admin.email, portal.admin.password)).ok).toBe(true);
    await signIn(page, portal.url, portal.admin.email, portal.admin.password);
    await page.waitForURL(`${portal.url}/dashboard`);
    await page.goto(`${portal.url}/settings`);
    const table = page.getByRole("table", { name: "Your sessions" });
    const otherRow = table.getByRole("row", { name: /127\.0\.0\.77/ });
    await otherRow.waitFor();
    expect(await otherRow.innerText()).toContain("Safari 17 on macOS");
    await table.getByRole("row", { name: /This browser/ }).waitFor();
    await screenshot(page, "settings-sessions");

    await otherRow.getByRole("button", { name: /Sign out Safari 17 on macOS at 127\.0\.0\.77/ }).click();
    await otherRow.waitFor({ state: "detached" });
    expect((await other.query("me.get")).status).toBe(401);
    // This browser is still signed in.
    await page.reload();
    await table.getByRole("row", { name: /This browser/ }).waitFor();

    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.waitForURL(/\/signin/);
    expect((await admin.query("me.get")).status).toBe(401);
  });
});
