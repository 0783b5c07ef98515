// The portal in real Chromium against the real `next start` and PostgreSQL: sign-in, the shell
// with all nine areas, creating an upstream connection, sign-out, the generic sign-in error, and
// that a viewer sees no admin settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AREAS } from "../../src/lib/areas.ts";
import { SIGN_IN_ERRORS } from "../../src/lib/sign-in-errors.ts";
import { openBrowser, screenshot, signIn, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";

const ADMIN_LINKS = ["Upstream connections", "Users & roles", "Audit log"];

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.stop();
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
    await page.goto(`${portal.url}/runs`);
    await page.waitForURL(/\/signin/);
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
    await expect(page.getByTestId("workspace-name").innerText()).resolves.toContain("Default");
    await screenshot(page, "02-dashboard");
  });

  it("opens every area page from the sidebar", async () => {
    const { page } = browser;
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const area of AREAS) {
      await nav.getByRole("link", { name: area.label, exact: true }).click();
      await page.waitForURL(`${portal.url}/${area.slug}`);
      await page.getByRole("heading", { level: 1, name: area.label }).waitFor();
      // The placeholder names what will come instead of pretending there is no data.
      await page.getByText(area.comingSoon, { exact: false }).waitFor();
      await screenshot(page, `03-area-${area.slug}`);
    }
  });

  it("creates an upstream connection, validating as the admin types, and tests it", async () => {
    const { page } = browser;
    const apiKey = `key-${Date.now()}-never-shown`;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upstream connections" }).click();
    await page.getByRole("heading", { level: 1, name: "Upstream connections" }).waitFor();
    await page.getByText("No upstream connections yet").waitFor();
    await screenshot(page, "04-upstream-connections-empty");

    await page.getByRole("button", { name: "New connection" }).first().click();
    const form = page.getByRole("form", { name: "Upstream connection" });
    await form.getByLabel("Name").fill("Browser test engine");
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
    await page.getByText('Upstream connection "Browser test engine" created').waitFor();
    const row = page.getByRole("table", { name: "Upstream connections" }).getByRole("row", { name: /Browser test engine/ });
    await row.waitFor();
    expect(await row.innerText()).toContain("http://127.0.0.1:9/v2");
    // The API key is write-only: it is nowhere in the page.
    expect(await page.content()).not.toContain(apiKey);

    await row.getByRole("button", { name: "Test Browser test engine" }).click();
    await row.getByText("Failed", { exact: true }).waitFor();
    expect(await row.innerText()).toMatch(/\d+ ms/);
    await screenshot(page, "06-upstream-connection-tested");
  });

  it("shows the users and the audit log of what just happened", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/settings/users`);
    await page.getByRole("table", { name: "Users" }).getByText(portal.viewer.email).waitFor();
    await screenshot(page, "07-users");
    await page.goto(`${portal.url}/settings/audit`);
    const audit = page.getByRole("table", { name: "Audit events" });
    await audit.getByText("upstreamConnection.create").waitFor();
    await audit.getByText("auth.signIn").first().waitFor();
    await screenshot(page, "08-audit");
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
    await screenshot(page, "09-signin-wrong-password");
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
    await page.getByText("Admins only").waitFor();
    expect(await page.getByRole("button", { name: "New connection" }).count()).toBe(0);
    await screenshot(page, "10-viewer-admin-page");
  });
});
