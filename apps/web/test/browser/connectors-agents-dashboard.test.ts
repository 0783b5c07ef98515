// Connections, connectors, agents and the dashboard in real Chromium against the real stack
// (portal + engine + the launcher's local agent): a registration token is generated and shown
// once, the local agent's connector is connected and renamed, its host is registered and upgraded
// until the task is final, the Linux installer downloads, and the dashboard renders the synced figures.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedIn, screenshot, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";

let portal: Portal;
let browser: BrowserSession;

beforeAll(async () => {
  portal = await startPortal();
  browser = await openSignedIn(portal.url, portal.admin);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

describe("connections, connectors, agents and dashboard in Chromium", () => {
  it("generates a registration token and shows it once with its install command", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/connections`);
    const row = page.getByRole("table", { name: "Connections" }).getByRole("row").nth(1);
    await row.getByRole("button", { name: "Registration token" }).click();
    await page.getByRole("button", { name: "Generate token" }).click();
    const token = (await page.getByLabel("registration token", { exact: true }).innerText()).trim();
    expect(token.length).toBeGreaterThan(16);
    await expect(page.getByLabel("install command", { exact: true }).innerText()).resolves.toContain(`LIFEBOAT_REGISTRATION_TOKEN='${token}'`);
    await expect(page.getByText(/Valid until/).innerText()).resolves.toMatch(/Valid until .+2\d{3}/);
    await screenshot(page, "connections-token");
    await page.getByRole("button", { name: "Done" }).click();
    await screenshot(page, "connections");
  });

  it("shows the local agent's connector connected and renames it", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/connectors`);
    const table = page.getByRole("table", { name: "Connectors" });
    await table.getByText("Connected", { exact: true }).first().waitFor();
    const row = table.getByRole("row").nth(1);
    await expect(row.innerText()).resolves.toMatch(/just now|min ago/);
    await row.getByRole("button", { name: /^Rename / }).click();
    await page.getByLabel("Connector name").fill("Local agent (renamed)");
    await page.getByRole("button", { name: "Rename", exact: true }).click();
    await table.getByText("Local agent (renamed)").waitFor();
    await screenshot(page, "connectors");
    // The status filter lives in the URL (the dashboard's "n disconnected" link lands on it).
    await page.getByLabel("Status").selectOption("disconnected");
    await page.waitForURL(`${portal.url}/connectors?status=disconnected`);
    await page.getByText("Every connector is connected").waitFor();
    await screenshot(page, "connectors-disconnected-filter");
    await page.getByLabel("Status").selectOption("");
    await page.waitForURL(`${portal.url}/connectors`);
    await table.getByText("Local agent (renamed)").waitFor();
  });

  it("downloads the Linux installer", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/agents`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download Linux installer" }).click()]);
    const file = await download.path();
    const text = await readFile(file, "utf8");
    expect(text.startsWith("#!")).toBe(true);
    expect(text).toContain("__LIFEBOAT_PAYLOAD_BELOW__");
  });

  it("creates an upgrade task for the local agent's host and watches it reach a final state", async () => {
    const { page } = browser;
    // An agent to upgrade is a registered host (reference §8 agentIDs): register it first.
    await page.goto(`${portal.url}/sources`);
    await page.getByRole("button", { name: "Register source" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio").first().check();
    await dialog.getByRole("button", { name: "Next" }).click();
    await dialog.getByRole("radio").first().check();
    await dialog.getByRole("button", { name: "Next" }).click();
    await dialog.getByRole("button", { name: "Register source" }).click();
    await page.waitForURL(/\/sources\/\d+/);
    await page.goto(`${portal.url}/agents`);
    const form = page.getByRole("form", { name: "New upgrade task" });
    await form.getByRole("checkbox").first().check();
    await form.getByLabel("Task name (optional)").fill("Browser upgrade");
    await form.getByRole("button", { name: /Upgrade now/ }).click();
    const task = page.getByRole("table", { name: "Upgrade tasks" }).getByRole("row", { name: /Browser upgrade/ });
    await task.waitFor();
    await task.getByText(/^(Succeeded|Failed|PartiallyFailed|Canceled)$/).first().waitFor({ timeout: 120_000 });
    await screenshot(page, "agents");
  });

  it("renders real figures on the dashboard", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/dashboard`);
    // The figures come from the BFF's background sync: whole numbers in every count tile, and
    // the connector tile as "connected / total".
    for (const title of ["Runs in the last 24 h", "SLA misses", "Running now", "Recoveries in the last 24 h", "Agents to upgrade"]) {
      await expect(page.getByTestId(`tile-${title}`).innerText(), title).resolves.toMatch(/^\d+$/);
    }
    await expect(page.getByTestId("tile-Connector health").innerText()).resolves.toMatch(/^\d+ \/ \d+$/);
    await expect(page.getByTestId("tile-Protection").innerText()).resolves.toMatch(/^(\d+(\.\d)?%|—)$/);
    await page.getByText("Runs per day by status (30 days)").waitFor();
    await screenshot(page, "dashboard");
    // Each tile's title leads to its list, filtered as the tile counts.
    const links: [string, string][] = [
      ["Protection", "/objects?protection=unprotected"],
      ["Runs in the last 24 h", "/runs?window=24h"],
      ["Running now", "/runs?status=Running&window=all"],
      ["Recoveries in the last 24 h", "/recoveries?window=24h"],
      ["Connector health", "/connectors"],
      ["Agents to upgrade", "/agents"],
    ];
    for (const [title, href] of links) {
      await expect(page.getByRole("link", { name: title, exact: true }).getAttribute("href"), title).resolves.toBe(href);
    }
    await page.getByRole("link", { name: "Protection", exact: true }).click();
    await page.waitForURL(`${portal.url}/objects?protection=unprotected`);
    await expect.poll(() => page.getByRole("search", { name: "Object filters" }).getByLabel("Protection").inputValue()).toBe("unprotected");
  });
});
