// A viewer in real Chromium against the real stack (portal, engine, the launcher's local agent).
// The admin first registers the local host, creates a policy and a group on it, so every list has
// a row whose admin/operator buttons would show. Signed in as the harness's viewer, no page offers
// an operator or admin action (Run now, Pause, Restore, Create, Delete, Rename, Generate token,
// Upgrade...), and opening a create page directly says which role it needs instead of a form.
// Screenshots of every page as the viewer land in test-artifacts/screenshots/viewer-*.png.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedIn, screenshot, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";
import { createGroup, createPolicy, registerLocalHost } from "./protect-folder.ts";

let portal: Portal;
let admin: BrowserSession;
let viewer: BrowserSession;
const pageErrors: string[] = [];
const ids = { source: "", policy: "", group: "" };

/** Operator/admin actions: no visible button or link in the page's main area may start with one. */
const FORBIDDEN = /^(run now|pause|resume|cancel run|restore|new |create|delete|rename|edit|save|generate|registration token|upgrade|register|start a restore|download files|download linux installer|try to delete)/i;

/** The accessible names of the visible buttons and links inside <main> (header and nav excluded). */
async function actionNames(page: Page): Promise<string[]> {
  return page.locator("main").evaluate((main) =>
    [...main.querySelectorAll("button, a, [role=button]")]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .map((el) => (el.getAttribute("aria-label") ?? (el as HTMLElement).innerText).trim())
      .filter(Boolean),
  );
}

async function expectNoOperatorActions(page: Page, shot: string): Promise<string[]> {
  await screenshot(page, shot);
  const names = await actionNames(page);
  expect(
    names.filter((n) => FORBIDDEN.test(n)),
    `${shot}: actions shown to a viewer (all: ${names.join(" | ")})`,
  ).toEqual([]);
  return names;
}

beforeAll(async () => {
  portal = await startPortal();
  admin = await openSignedIn(portal.url, portal.admin, pageErrors);
  viewer = await openSignedIn(portal.url, portal.viewer, pageErrors);
});

afterAll(async () => {
  if (pageErrors.length) console.error(`page errors:\n${pageErrors.join("\n")}`);
  await viewer?.close();
  await admin?.close();
  await portal?.stop();
});

describe("a viewer sees every page without operator or admin actions", () => {
  it("(admin) registers the local host, creates a policy and a group on it", async () => {
    const { page } = admin;
    ids.source = await registerLocalHost(page, portal.url, "viewer-host");
    ids.policy = await createPolicy(page, portal.url, "viewer-daily");
    ids.group = await createGroup(page, portal.url, { name: "viewer-group", policy: "viewer-daily", source: "viewer-host", paths: "/tmp" });
    // The same page as the admin does offer the actions the viewer must not see.
    await page.getByRole("heading", { level: 1, name: "viewer-group" }).waitFor();
    const names = await actionNames(page);
    expect(names.filter((n) => FORBIDDEN.test(n)).length).toBeGreaterThan(0);
    expect(ids).toEqual({ source: expect.stringMatching(/^\d+$/), policy: expect.any(String), group: expect.any(String) });
  });

  it("dashboard, runs and recoveries: figures and lists, no Run now or Restore", async () => {
    const { page } = viewer;
    await page.goto(`${portal.url}/dashboard`);
    await page.getByTestId("tile-Protection").waitFor();
    await expectNoOperatorActions(page, "viewer-01-dashboard");
    await page.goto(`${portal.url}/runs`);
    await page.getByRole("heading", { level: 1, name: "Runs" }).waitFor();
    await page.getByRole("combobox").first().waitFor();
    await expectNoOperatorActions(page, "viewer-02-runs");
    await page.goto(`${portal.url}/recoveries`);
    await page.getByRole("heading", { level: 1, name: "Recoveries" }).waitFor();
    await page.getByText(/No recoveries yet|No recoveries match/).waitFor();
    await expectNoOperatorActions(page, "viewer-03-recoveries");
  });

  it("the dashboard's Protection tile opens Objects filtered to unprotected, and the filters stay in the URL", async () => {
    const { page } = viewer;
    await page.goto(`${portal.url}/dashboard`);
    await page.getByRole("link", { name: "Protection", exact: true }).click();
    await page.waitForURL(`${portal.url}/objects?protection=unprotected`);
    const protection = page.getByRole("search", { name: "Object filters" }).getByLabel("Protection");
    await expect.poll(() => protection.inputValue()).toBe("unprotected");
    await page.getByRole("search", { name: "Object filters" }).getByLabel("Environment").selectOption("kPhysical");
    await page.waitForURL(/\/objects\?environment=kPhysical&protection=unprotected$/);
    await screenshot(page, "viewer-objects-filtered-from-dashboard");
    // Reloading (or a bookmark) keeps the filters.
    await page.reload();
    await expect.poll(() => page.getByRole("search", { name: "Object filters" }).getByLabel("Environment").inputValue()).toBe("kPhysical");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.waitForURL(`${portal.url}/objects`);
  });

  it("protection groups: the list and the detail show the group, without New, Run now, Pause, Edit or Delete", async () => {
    const { page } = viewer;
    await page.goto(`${portal.url}/protection-groups`);
    await page.getByRole("table", { name: "Protection groups" }).getByRole("row", { name: /viewer-group/ }).waitFor();
    await expectNoOperatorActions(page, "viewer-04-groups");
    await page.goto(`${portal.url}/protection-groups/${encodeURIComponent(ids.group)}`);
    await page.getByRole("heading", { level: 1, name: "viewer-group" }).waitFor();
    await page.getByRole("region", { name: "Runs" }).getByText(/No runs yet|Run history is not available|Started/).first().waitFor({ timeout: 30_000 });
    await expectNoOperatorActions(page, "viewer-05-group-detail");
  });

  it("policies: the list offers View, the policy page is read-only", async () => {
    const { page } = viewer;
    await page.goto(`${portal.url}/policies`);
    const row = page.getByRole("table", { name: "Policies" }).getByRole("row", { name: /viewer-daily/ });
    await row.waitFor();
    await row.getByRole("link", { name: "View", exact: true }).waitFor();
    await expectNoOperatorActions(page, "viewer-06-policies");
    await page.goto(`${portal.url}/policies/${encodeURIComponent(ids.policy)}`);
    await page.getByText("You can view this policy; changing it needs the admin role.").waitFor();
    expect(await page.getByLabel("Policy name").isDisabled()).toBe(true);
    await expectNoOperatorActions(page, "viewer-07-policy");
  });

  it("sources: the list and the detail with its object tree, without Register, Edit or Delete", async () => {
    const { page } = viewer;
    await page.goto(`${portal.url}/sources`);
    await page.getByRole("table", { name: "Sources" }).getByRole("row", { name: /viewer-host/ }).waitFor();
    await expectNoOperatorActions(page, "viewer-08-sources");
    await page.goto(`${portal.url}/sources/${ids.source}`);
    await page.getByRole("tree", { name: "Objects" }).waitFor();
    expect(await page.getByLabel("Source name").count()).toBe(0);
    await expectNoOperatorActions(page, "viewer-09-source-detail");
  });

  it("connections, connectors, agents and objects: status only, no token, rename, delete or upgrade", async () => {
    const { page } = viewer;
    await page.goto(`${portal.url}/connections`);
    await page.getByRole("table", { name: "Connections" }).getByRole("row").nth(1).waitFor();
    await expectNoOperatorActions(page, "viewer-10-connections");
    await page.goto(`${portal.url}/connectors`);
    await page.getByRole("table", { name: "Connectors" }).getByText("Connected", { exact: true }).first().waitFor({ timeout: 60_000 });
    await expectNoOperatorActions(page, "viewer-11-connectors");
    await page.goto(`${portal.url}/agents`);
    await page.getByRole("heading", { level: 2, name: "Upgrade tasks" }).waitFor();
    expect(await page.getByRole("form", { name: "New upgrade task" }).count()).toBe(0);
    await page.getByText("Downloading the installer needs the operator or admin role in this workspace; ask an admin for it.").waitFor();
    await expectNoOperatorActions(page, "viewer-12-agents");
    await page.goto(`${portal.url}/objects`);
    await page.getByRole("table", { name: "Objects" }).getByRole("row").nth(1).waitFor({ timeout: 60_000 });
    await expectNoOperatorActions(page, "viewer-13-objects");
  });

  it("opening a create page directly is refused with the role it needs", async () => {
    const { page } = viewer;
    for (const [path, title, shot] of [
      ["/protection-groups/new", "Admins only", "viewer-14-new-group-refused"],
      ["/policies/new", "Admins only", "viewer-15-new-policy-refused"],
      ["/recoveries/new", "Operators only", "viewer-16-new-recovery-refused"],
      ["/settings/users", "Admins only", "viewer-17-settings-users-refused"],
    ] as const) {
      await page.goto(`${portal.url}${path}`);
      await page.getByText(title, { exact: true }).waitFor();
      await expect(page.getByText(/needs the (admin|operator or admin) role/).first().innerText()).resolves.toMatch(/Ask an admin/);
      expect(await page.locator("main form").count(), `${path} shows a form to a viewer`).toBe(0);
      await expectNoOperatorActions(page, shot);
    }
    expect(pageErrors).toEqual([]);
  });
});
