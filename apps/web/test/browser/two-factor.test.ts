// Two-factor sign-in in real Chromium against the real stack (portal over `next build`, engine,
// PostgreSQL): the admin sets TOTP up in Settings by reading the text key from the page, computes
// codes with the same library an authenticator app's algorithm matches (otpauth), signs out and
// signs in with a code. Over HTTP: no session without the code, a replayed code refused, a recovery
// code working once. Then the instance setting "require two-factor for instance admins": a new
// admin is sent to the setup page and the BFF refuses their calls until it is on.
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, openSignedIn, screenshot, signIn, type BrowserSession } from "./browser.ts";
import { PortalClient, trpcData } from "./portal-client.ts";
import { startPortal, type Portal } from "./portal-harness.ts";

let portal: Portal;
let admin: PortalClient;
let browser: BrowserSession;
const pageErrors: string[] = [];

beforeAll(async () => {
  portal = await startPortal();
  // Signed in before two-factor goes on: this session keeps working.
  admin = new PortalClient(portal.url, "127.0.0.30");
  expect(await admin.signIn(portal.admin.email, portal.admin.password)).toEqual({ ok: true, error: null });
  browser = await openSignedIn(portal.url, portal.admin, pageErrors);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

/** The code an authenticator app shows `steps` × 30 s from now. */
const codeAt = (key: string, steps = 0) =>
  new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(key.replace(/\s+/g, "")) }).generate({ timestamp: Date.now() + steps * 30_000 });

let adminKey = "";
let recoveryCodes: string[] = [];

describe("two-factor sign-in in Chromium", () => {
  it("sets TOTP up from Settings with the key shown on the page, and shows 10 recovery codes once", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/settings`);
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const qr = page.getByRole("img", { name: "QR code for your authenticator app" });
    await qr.waitFor();
    expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    adminKey = (await page.getByTestId("totp-key").innerText()).trim();
    expect(adminKey).toMatch(/^[A-Z2-7 ]{32,}$/);
    await screenshot(page, "two-factor-setup");

    await page.getByLabel("Code from your app").fill(codeAt(adminKey));
    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    const list = page.getByRole("list", { name: "Recovery codes" });
    await list.waitFor();
    recoveryCodes = (await list.getByRole("listitem").allInnerTexts()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    await screenshot(page, "two-factor-recovery-codes");
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await page.getByText(/10 of 10 recovery codes left/).waitFor();
    expect(await page.getByText(adminKey).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it("signs out, then signs in with the password and a code", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Sign out this browser" }).click();
    await page.waitForURL(/\/signin/);
    await signIn(page, portal.url, portal.admin.email, portal.admin.password);
    const codeField = page.getByLabel("Authentication code");
    await codeField.waitFor();
    expect(page.url()).toMatch(/\/signin/);
    // A wrong code is refused with a sentence, and the form stays on the code step.
    const next = codeAt(adminKey, 1);
    await codeField.fill(String((Number(next) + 1) % 1_000_000).padStart(6, "0"));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("alert").getByText(/not right or was used already/).waitFor();
    await screenshot(page, "two-factor-sign-in-code");
    await page.getByLabel("Authentication code").fill(next);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(`${portal.url}/dashboard`);

    // The same code once more, from another client: refused, no session.
    const replay = new PortalClient(portal.url, "127.0.0.31");
    expect(await replay.signIn(portal.admin.email, portal.admin.password, next)).toEqual({ ok: false, error: "TOTP_INVALID" });
    expect(replay.hasSession()).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it("over HTTP: the password alone gets no session; a recovery code works once", async () => {
    const client = new PortalClient(portal.url, "127.0.0.32");
    expect(await client.signIn(portal.admin.email, portal.admin.password)).toEqual({ ok: false, error: "TOTP_REQUIRED" });
    expect(client.hasSession()).toBe(false);
    expect((await client.query("me.get")).status).toBe(401);
    expect(await client.signIn(portal.admin.email, portal.admin.password, recoveryCodes[0])).toEqual({ ok: true, error: null });
    expect((await client.query("me.get")).status).toBe(200);
    const again = new PortalClient(portal.url, "127.0.0.33");
    expect(await again.signIn(portal.admin.email, portal.admin.password, recoveryCodes[0])).toEqual({ ok: false, error: "TOTP_INVALID" });
    const audit = trpcData<{ items: { procedure: string; errorCode: string | null }[] }>(await admin.query("audit.list", { limit: 100 })).items;
    expect(audit.some((r) => r.procedure === "auth.recoveryCodeUsed")).toBe(true);
    expect(audit.filter((r) => r.procedure === "auth.signIn").map((r) => r.errorCode)).toEqual(
      expect.arrayContaining(["second_factor_required", "wrong_code", "code_replayed", "recovery_code_used"]),
    );
  });
});

describe("require two-factor for instance admins", () => {
  let second: BrowserSession | undefined;
  afterAll(async () => {
    await second?.close();
  });

  it("sends an admin without it to the setup page, and the BFF refuses them until it is on", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/settings`);
    const requirement = page.getByLabel("Require two-factor sign-in for instance admins");
    // A controlled checkbox: it shows the saved setting once the BFF answered.
    await requirement.click();
    await page.getByText("Instance admins now need two-factor sign-in").waitFor();
    await expect.poll(() => requirement.isChecked(), { timeout: 10_000 }).toBe(true);

    const workspaceId = trpcData<{ selectedWorkspaceId: string }>(await admin.query("me.get")).selectedWorkspaceId;
    const other = { email: "second-admin@browser.test", password: "Second-admin-password-1" };
    trpcData(await admin.mutation("user.create", { ...other, isInstanceAdmin: true, membership: { workspaceId, role: "admin" } }));
    const http = new PortalClient(portal.url, "127.0.0.34");
    expect((await http.signIn(other.email, other.password)).ok).toBe(true);
    expect((await http.query("user.list", {})).status).toBe(403);

    second = await openBrowser();
    await signIn(second.page, portal.url, other.email, other.password);
    await second.page.waitForURL(`${portal.url}/setup-two-factor`);
    await second.page.getByRole("heading", { name: "Set up two-factor sign-in" }).first().waitFor();
    // Any page of the portal leads back here.
    await second.page.goto(`${portal.url}/settings/users`);
    await second.page.waitForURL(`${portal.url}/setup-two-factor`);
    await screenshot(second.page, "two-factor-required");

    await second.page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const key = (await second.page.getByTestId("totp-key").innerText()).trim();
    await second.page.getByLabel("Code from your app").fill(codeAt(key));
    await second.page.getByRole("button", { name: "Turn on two-factor" }).click();
    await second.page.getByRole("list", { name: "Recovery codes" }).waitFor();
    await second.page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await second.page.waitForURL(`${portal.url}/dashboard`);
    expect((await http.query("user.list", {})).status).toBe(200);

    // The admin resets the second admin's two-factor: audited, and they must set it up again.
    const users = trpcData<{ items: { id: string; email: string; hasTwoFactor: boolean }[] }>(await admin.query("user.list", {})).items;
    const row = users.find((u) => u.email === other.email);
    expect(row?.hasTwoFactor).toBe(true);
    expect((await admin.mutation("user.resetTwoFactor", { id: row!.id })).status).toBe(200);
    const again = new PortalClient(portal.url, "127.0.0.35");
    expect((await again.signIn(other.email, other.password)).ok).toBe(true);
    expect((await again.query("user.list", {})).status).toBe(403);
    const audit = trpcData<{ items: { procedure: string; outcome: string }[] }>(await admin.query("audit.list", { limit: 50 })).items;
    expect(audit.find((r) => r.procedure === "user.resetTwoFactor")).toMatchObject({ outcome: "ok" });
  });
});
