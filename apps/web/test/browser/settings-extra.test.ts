// Settings → Workspaces and API tokens in real Chromium against the real stack (portal, engine,
// agent, PostgreSQL): create a workspace bound to the bundled engine's connection, mint an API
// token, use it against the REST door, revoke it and see the door close; rename a user.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedIn, screenshot, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";

let portal: Portal;
let browser: BrowserSession;
let token = "";

beforeAll(async () => {
  portal = await startPortal();
  browser = await openSignedIn(portal.url, portal.admin);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const rest = (path: string, bearer: string) => fetch(`${portal.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${bearer}` } });

describe("Settings → Workspaces", () => {
  it("creates a workspace bound to the bundled engine and names what a deletion loses", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workspaces", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Workspaces" }).waitFor();
    const table = page.getByRole("table", { name: "Workspaces" });
    await table.getByRole("row", { name: /Default/ }).getByText("Bundled engine").waitFor();

    await page.getByRole("button", { name: "New workspace" }).first().click();
    const form = page.getByRole("form", { name: "Workspace" });
    await form.getByLabel("Name").fill("Finance");
    await form.getByLabel("Upstream connection").selectOption({ label: "Bundled engine — Engine" });
    await form.getByRole("button", { name: "Create workspace" }).click();
    const row = table.getByRole("row", { name: /Finance/ });
    await row.getByText("Bundled engine").waitFor();
    expect(await row.innerText()).toMatch(/Finance[\s\S]*Bundled engine[\s\S]*1[\s\S]*0[\s\S]*admin/);
    await screenshot(page, "settings-workspaces");

    await row.getByRole("button", { name: "Delete Finance" }).click();
    const confirm = page.getByRole("dialog", { name: 'Delete workspace "Finance"?' });
    await confirm.waitFor();
    const text = await confirm.innerText();
    expect(text).toContain("1 membership and 0 API tokens");
    expect(text).toMatch(/backup data upstream is\s+not\s+deleted/);
    await screenshot(page, "settings-workspaces-delete");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    // The workspace the admin is acting in cannot be deleted from under them.
    expect(await table.getByRole("row", { name: /Default/ }).getByRole("button", { name: "Delete Default" }).isDisabled()).toBe(true);
    // Where the admin is only an operator, the workspace's own admins rename or delete it.
    const second = table.getByRole("row", { name: new RegExp(portal.secondWorkspace) });
    await second.getByText(`Admins of ${portal.secondWorkspace} only`).waitFor();
    expect(await second.getByRole("button").count()).toBe(0);
    await screenshot(page, "settings-workspaces-roles");
  });
});

describe("Settings → Users", () => {
  it("renames a user: the name validates while typing and the list shows the new name", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users & roles", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Users & roles" }).waitFor();
    await page.getByRole("button", { name: `Edit name of ${portal.viewer.email}` }).click();
    const form = page.getByRole("form", { name: "Edit user" });
    await form.getByLabel("Name").fill("x".repeat(101));
    await form.getByText("At most 100 characters").waitFor();
    expect(await form.getByRole("button", { name: "Save" }).isDisabled()).toBe(true);
    await screenshot(page, "settings-users-edit-invalid");
    await form.getByLabel("Name").fill("Vera Viewer");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText(`${portal.viewer.email} is now called Vera Viewer`).waitFor();
    const row = page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: portal.viewer.email });
    await row.getByText(/Vera Viewer/).waitFor();
    await screenshot(page, "settings-users");
  });
});

describe("Settings → API tokens", () => {
  it("creates a token, shows it once, and the REST door accepts it", async () => {
    const { page } = browser;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    await page.getByRole("button", { name: "New token" }).first().click();
    const form = page.getByRole("form", { name: "API token" });
    await form.getByLabel("Name").fill("ci-script");
    await form.getByLabel("Role").selectOption("operator");
    await form.getByLabel("Expires after").selectOption("30");
    await form.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("new-api-token");
    await shown.waitFor();
    token = (await shown.innerText()).trim();
    expect(token).toMatch(/^lbt_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByText(`${portal.url}/api/v1/policies`).count()).toBeGreaterThan(0);
    await screenshot(page, "settings-api-token-created");
    await page.getByRole("button", { name: "I have copied it" }).click();
    await shown.waitFor({ state: "detached" });
    expect(await page.content()).not.toContain(token);

    const row = page.getByRole("table", { name: "API tokens" }).getByRole("row", { name: /ci-script/ });
    await row.waitFor();
    expect(await row.innerText()).toContain(token.slice(0, 12));
    expect(await row.innerText()).toMatch(/operator[\s\S]*active/);

    const response = await rest("/api-tokens", token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { name: string; lastUsedAt: string | null }[] };
    expect(body.items.map((t) => t.name)).toContain("ci-script");
    await page.reload();
    await row.getByText("Never used").waitFor({ state: "detached" });
    await screenshot(page, "settings-api-tokens");
  });

  it("revokes the token after a confirmation, and the REST door refuses it", async () => {
    const { page } = browser;
    const table = page.getByRole("table", { name: "API tokens" });
    await table.getByRole("button", { name: "Revoke ci-script" }).click();
    const confirm = page.getByRole("dialog", { name: 'Revoke "ci-script"?' });
    expect(await confirm.innerText()).toContain(token.slice(0, 12));
    await confirm.getByRole("button", { name: "Revoke token" }).click();
    await page.getByText('API token "ci-script" revoked').waitFor();
    await page.getByLabel("Show revoked and expired tokens").check();
    await table.getByRole("row", { name: /ci-script/ }).getByText("revoked").waitFor();
    await screenshot(page, "settings-api-tokens-revoked");
    expect((await rest("/api-tokens", token)).status).toBe(401);
  });
});
