// The portal in real Chromium against the real `next start` and PostgreSQL: sign-in, the shell
// with all nine areas, creating an upstream connection, sign-out, the generic sign-in error, and
// that a viewer sees no admin settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AREAS } from "../../src/lib/areas.ts";
import { SIGN_IN_ERRORS } from "../../src/lib/sign-in-errors.ts";
import { openBrowser, screenshot, signIn, type BrowserSession } from "./browser.ts";
import { startFakeOidcProvider, type FakeOidcProvider } from "./fake-oidc-provider.ts";
import { startPortal, type Portal } from "./portal-harness.ts";

const ADMIN_LINKS = ["Upstream connections", "Users & roles", "Audit log"];

let portal: Portal;
let idp: FakeOidcProvider;
/** The user the admin creates in the UI; the viewer part signs in with the shown password. */
const created = { email: "new.operator@browser.test", password: "" };

beforeAll(async () => {
  idp = await startFakeOidcProvider();
  portal = await startPortal({ oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, name: "Test IdP" } });
});

afterAll(async () => {
  await portal?.stop();
  await idp?.close();
});

describe("health probes", () => {
  it("answers /healthz and /readyz without sign-in, naming no host or error", async () => {
    const live = await fetch(`${portal.url}/healthz`, { redirect: "manual" });
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${portal.url}/readyz`, { redirect: "manual" });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, database: "ok", migrations: "ok", pending: [] });
  });
});

describe("portal in Chromium", () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends a signed-out visitor to the sign-in page", async () => {
    const { page } = browser;
    const response = await page.goto(`${portal.url}/runs`);
    await page.waitForURL(/\/signin/);
    // The portal refuses to be framed (clickjacking on admin actions).
    expect(response?.headers()["x-frame-options"]).toBe("DENY");
    await expect(page.getByRole("heading", { name: "Sign in to Lifeboat" }).isVisible()).resolves.toBe(true);
    await screenshot(page, "01-signin");
  });

  it("signs the admin in to the dashboard shell with all nine areas", async () => {
    const { page } = browser;
    await signIn(page, portal.url, portal.admin.email, portal.admin.password);
    await page.waitForURL(`${portal.url}/dashboard`);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const label of [...AREAS.map((a) => a.label), "Dashboard", "Settings", ...ADMIN_LINKS]) {
      expect(await nav.getByRole("link", { name: label, exact: true }).count(), label).toBe(1);
    }
    // The admin has two workspaces, so the header offers the switcher.
    await expect(page.getByRole("button", { name: "Switch workspace" }).innerText()).resolves.toContain("Default");
    await screenshot(page, "02-dashboard");
  });

  it("opens every area page from the sidebar", async () => {
    const { page } = browser;
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const area of AREAS) {
      await nav.getByRole("link", { name: area.label, exact: true }).click();
      await page.waitForURL(`${portal.url}/${area.slug}`);
      // The area pages title themselves in their own words (e.g. "Connections" under the
      // "Data-source connections" link); what matters here is that each one renders its page.
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await screenshot(page, `03-area-${area.slug}`);
    }
  });

  it("tests the bundled engine's connection against the real engine", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upstream connections" }).click();
    await page.getByRole("heading", { level: 1, name: "Upstream connections" }).waitFor();
    const row = page.getByRole("table", { name: "Upstream connections" }).getByRole("row", { name: /Bundled engine/ });
    await row.getByText("Default", { exact: true }).waitFor();
    await row.getByRole("button", { name: "Test Bundled engine" }).click();
    await row.getByText("OK", { exact: true }).waitFor();
    expect(await row.innerText()).toMatch(/\d+ ms/);
    await page.getByText(/Connection works \(\d+ ms\)/).waitFor();
    await screenshot(page, "04-upstream-connections");
  });

  it("creates an upstream connection, validating as the admin types, then tests and deletes it", async () => {
    const { page } = browser;
    const apiKey = `key-${Date.now()}-never-shown`;
    await page.getByRole("button", { name: "New connection" }).click();
    const form = page.getByRole("form", { name: "Upstream connection" });
    await form.getByLabel("Name").fill("Browser test target");
    // A service URL without /v2 is refused while typing (reference §0.1).
    await form.getByLabel("Service URL").fill("http://127.0.0.1:9/api");
    await form.getByText("The service URL must end in /v2").waitFor();
    // Port 9 (discard) has no listener here: the test below fails fast with a clear outcome.
    await form.getByLabel("Service URL").fill("http://127.0.0.1:9/v2");
    await form.getByText("The service URL must end in /v2").waitFor({ state: "detached" });
    await form.getByLabel("Tenant id").fill("default/");
    await form.getByLabel("API key").fill(apiKey);
    await screenshot(page, "05-upstream-connection-form");
    await form.getByRole("button", { name: "Create connection" }).click();
    await page.getByText('Upstream connection "Browser test target" created').waitFor();
    const table = page.getByRole("table", { name: "Upstream connections" });
    const row = table.getByRole("row", { name: /Browser test target/ });
    expect(await row.innerText()).toContain("http://127.0.0.1:9/v2");
    // The API key is write-only: it is nowhere in the page.
    expect(await page.content()).not.toContain(apiKey);

    await row.getByRole("button", { name: "Test Browser test target" }).click();
    await row.getByText("Failed", { exact: true }).waitFor();
    expect(await row.innerText()).toMatch(/\d+ ms/);
    await screenshot(page, "06-upstream-connection-tested");

    // Deleting a connection a workspace uses names that workspace in the confirmation.
    await table.getByRole("button", { name: "Delete Bundled engine" }).click();
    const confirmBundled = page.getByRole("dialog", { name: 'Delete "Bundled engine"?' });
    await confirmBundled.getByText("Default", { exact: true }).waitFor();
    await screenshot(page, "06b-delete-used-connection");
    await confirmBundled.getByRole("button", { name: "Cancel" }).click();

    await row.getByRole("button", { name: "Delete Browser test target" }).click();
    const confirm = page.getByRole("dialog", { name: 'Delete "Browser test target"?' });
    await confirm.getByText("No workspace uses this connection").waitFor();
    await confirm.getByRole("button", { name: "Delete connection" }).click();
    await page.getByText('Upstream connection "Browser test target" deleted').waitFor();
    await row.waitFor({ state: "detached" });
  });

  it("switches workspace: the role banner follows it, the instance admin keeps the instance's links", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/dashboard`);
    await page.getByRole("button", { name: "Switch workspace" }).click();
    await page.getByRole("menuitemradio", { name: new RegExp(portal.secondWorkspace) }).click();
    await page.getByText(`Switched to ${portal.secondWorkspace}`).waitFor();
    await page.getByText(`Workspace ${portal.secondWorkspace} — you are operator.`).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    // Upstream connections are the instance admin's, whatever their role in the workspace they act in.
    expect(await nav.getByRole("link", { name: "Upstream connections" }).count()).toBe(1);
    await screenshot(page, "07-switched-workspace");
    // The choice is a cookie: it survives a reload.
    await page.reload();
    await page.getByText(`Workspace ${portal.secondWorkspace} — you are operator.`).waitFor();
    await page.getByRole("button", { name: "Switch workspace" }).click();
    await page.getByRole("menuitemradio", { name: /Default/ }).click();
    await page.getByText("Workspace Default — you are admin.").waitFor();
    await nav.getByRole("link", { name: "Upstream connections" }).waitFor();
  });

  it("switches to the dark theme", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Theme" }).click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    await page.waitForFunction(() => document.documentElement.classList.contains("dark"));
    await screenshot(page, "08-dark-dashboard");
    await page.getByRole("button", { name: "Theme" }).click();
    await page.getByRole("menuitemradio", { name: "Light" }).click();
    await page.waitForFunction(() => !document.documentElement.classList.contains("dark"));
  });

  it("creates a user with a one-time password and changes their role", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/settings/users`);
    const table = page.getByRole("table", { name: "Users" });
    await table.getByText(portal.viewer.email).waitFor();
    await page.getByRole("button", { name: "New user" }).click();
    const form = page.getByRole("form", { name: "New user" });
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByText("Give a valid email address").waitFor();
    await form.getByLabel("Email").fill(created.email);
    await form.getByRole("button", { name: "Create user" }).click();
    const password = page.getByTestId("one-time-password");
    created.password = (await password.innerText()).trim();
    expect(created.password.length).toBeGreaterThanOrEqual(12);
    await screenshot(page, "09-user-created");
    await page.getByRole("button", { name: "Done" }).click();
    const row = table.getByRole("row", { name: new RegExp(created.email) });
    await row.getByText("Default: viewer").waitFor();

    await row.getByRole("button", { name: `Change roles of ${created.email}` }).click();
    await page.getByRole("dialog").getByLabel("Role in Default").selectOption("operator");
    await page.getByText(`${created.email} is now operator in Default`).waitFor();
    await page.keyboard.press("Escape");
    await row.getByText("Default: operator").waitFor();
    await screenshot(page, "10-users");
  });

  it("shows and filters the audit log of what just happened", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/settings/audit`);
    const audit = page.getByRole("table", { name: "Audit events" });
    await audit.getByText("upstreamConnection.create").waitFor();
    await audit.getByText("user.setRole").waitFor();
    await audit.getByText("auth.signIn").first().waitFor();
    await screenshot(page, "11-audit");
    await page.getByLabel("Procedure").fill("upstreamConnection.");
    await audit.getByText("auth.signIn").first().waitFor({ state: "detached" });
    await audit.getByText("upstreamConnection.delete").waitFor();
    expect(await audit.getByText("user.setRole").count()).toBe(0);
    // Filters and sort live in the URL; the server sorts, the header says how.
    await page.waitForURL(/procedure=upstreamConnection\./);
    expect(await audit.getByRole("columnheader", { name: "Time" }).getAttribute("aria-sort")).toBe("descending");
    const rowIds = () => audit.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.textContent ?? ""));
    const newestFirst = await rowIds();
    expect(newestFirst.length).toBeGreaterThan(1);
    await audit.getByRole("button", { name: "Time" }).click();
    await page.waitForURL(/sort=at&dir=asc/);
    await expect.poll(() => audit.getByRole("columnheader", { name: "Time" }).getAttribute("aria-sort")).toBe("ascending");
    // Oldest first: the same events in exactly the reverse order (time, then id, breaks every tie).
    await expect.poll(rowIds).toEqual([...newestFirst].reverse());
    await page.reload();
    await expect.poll(() => page.getByLabel("Procedure").inputValue()).toBe("upstreamConnection.");
    expect(await audit.getByRole("columnheader", { name: "Time" }).getAttribute("aria-sort")).toBe("ascending");
  });

  it("signs out through the user menu", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    await page.goto(`${portal.url}/dashboard`);
    await page.waitForURL(/\/signin/);
  });

  it("answers a wrong password with the generic error", async () => {
    const { page } = browser;
    await signIn(page, portal.url, portal.admin.email, "not-the-password");
    await page.getByText(SIGN_IN_ERRORS.invalid).waitFor();
    // Same words for an account that does not exist.
    await signIn(page, portal.url, "nobody@browser.test", "not-the-password");
    await page.getByText(SIGN_IN_ERRORS.invalid).waitFor();
    expect(page.url()).toContain("/signin");
    await screenshot(page, "12-signin-wrong-password");
  });

  it("shows the rate-limit message once an account has had too many attempts", async () => {
    const { page } = browser;
    // The BFF lets an account be guessed 5 times from one client, then makes each further guess
    // wait longer (@lifeboat/throttle); this email has no account, and is limited all the same.
    const email = "locked.out@browser.test";
    const limited = page.getByText(/Too many sign-in attempts; try again in \d+ (seconds?|minutes?)/);
    let limitedAt = 0;
    for (let attempt = 1; attempt <= 10 && !limitedAt; attempt++) {
      await signIn(page, portal.url, email, `guess-${attempt}`);
      await Promise.race([limited.waitFor(), page.getByText(SIGN_IN_ERRORS.invalid).waitFor()]);
      if (await limited.isVisible()) limitedAt = attempt;
    }
    // Five free attempts from this client, then a growing wait (never a lockout: packages/throttle).
    expect(limitedAt).toBeGreaterThan(5);
    expect(limitedAt).toBeLessThanOrEqual(8);
    await screenshot(page, "12b-signin-rate-limited");
  });
});

describe("viewer in Chromium", () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sees the areas but no admin settings", async () => {
    const { page } = browser;
    await signIn(page, portal.url, portal.viewer.email, portal.viewer.password);
    await page.waitForURL(`${portal.url}/dashboard`);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Sources", exact: true }).waitFor();
    expect(await nav.getByRole("link", { name: "Settings", exact: true }).count()).toBe(1);
    for (const label of ADMIN_LINKS) expect(await page.getByRole("link", { name: label }).count(), label).toBe(0);
    await page.goto(`${portal.url}/settings`);
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    for (const label of ADMIN_LINKS) expect(await page.getByRole("link", { name: label }).count(), label).toBe(0);
    await page.goto(`${portal.url}/settings/upstream-connections`);
    await page.getByRole("heading", { name: "Admins only" }).waitFor();
    expect(await page.getByRole("button", { name: "New connection" }).count()).toBe(0);
    await screenshot(page, "13-viewer-admin-page");
  });

  it("lets the user created in the UI sign in with the one-time password", async () => {
    const { page } = browser;
    expect(created.password, "the user-creation test must run first").not.toBe("");
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    await signIn(page, portal.url, created.email, created.password);
    await page.waitForURL(`${portal.url}/dashboard`);
    await page.getByText("Workspace Default — you are operator.").waitFor();
  });
});

describe("single sign-on in Chromium", () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("creates a new SSO user through the OIDC flow, with no workspace until an admin grants one", async () => {
    const { page } = browser;
    idp.nextIdentity = { sub: "idp-user-1", email: "sso.user@browser.test", email_verified: true, name: "Sso User" };
    await page.goto(`${portal.url}/signin`);
    await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
    await page.waitForURL(`${portal.url}/dashboard`);
    // The dashboard says it twice (page header and the tiles' error state).
    await page.getByText("You are not a member of any workspace yet. Ask an admin to grant you a role.").first().waitFor();
    await page.getByText("No workspace yet — ask an admin for access").waitFor();
    for (const label of ADMIN_LINKS) expect(await page.getByRole("link", { name: label }).count(), label).toBe(0);
    await screenshot(page, "14-sso-new-user");
    await page.getByRole("button", { name: "User menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
  });

  it("refuses an SSO sign-in whose email the identity provider has not verified", async () => {
    const { page } = browser;
    idp.nextIdentity = { sub: "idp-user-2", email: "unverified@browser.test", email_verified: false, name: "Unverified" };
    await page.goto(`${portal.url}/signin`);
    await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
    await page.getByText(SIGN_IN_ERRORS.denied).waitFor();
    expect(new URL(page.url()).pathname).toBe("/signin");
    await screenshot(page, "15-sso-refused");
  });
});
