// Protects a folder of the stack's local host through the portal's own pages: register the host as
// a source, create a daily policy, create a group of the folder. Shared by the browser tests that
// need a group to run.
import type { Page } from "playwright-core";

export async function protectFolder(
  page: Page,
  portalUrl: string,
  names: { source: string; policy: string; group: string },
  folder: string,
  options: { retries?: number } = {},
): Promise<void> {
  await page.goto(`${portalUrl}/sources`);
  await page.getByRole("button", { name: "Register source" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radiogroup", { name: "Data-source connection" }).getByRole("radio", { name: "local" }).check();
  await dialog.getByRole("button", { name: "Next" }).click();
  const host = dialog.getByRole("radiogroup", { name: "Host" }).getByRole("radio").first();
  await host.waitFor({ timeout: 60_000 });
  await host.check();
  await dialog.getByRole("button", { name: "Next" }).click();
  await dialog.getByLabel("Source name").fill(names.source);
  await dialog.getByRole("button", { name: "Register source" }).click();
  await page.waitForURL(/\/sources\/\d+$/);
  await page.goto(`${portalUrl}/policies/new`);
  await page.getByLabel("Policy name").fill(names.policy);
  await page.getByLabel("Keep snapshots for").fill("7");
  if (options.retries !== undefined) await page.getByLabel("Retries", { exact: true }).fill(String(options.retries));
  await page.getByRole("button", { name: "Create policy" }).click();
  await page.waitForURL(/\/policies\/(?!new)[^/]+$/);
  await page.goto(`${portalUrl}/protection-groups/new`);
  await page.getByRole("heading", { level: 1, name: "New protection group" }).waitFor({ timeout: 60_000 });
  await page.getByLabel("Group name").fill(names.group);
  await page.getByLabel("Policy").selectOption({ label: names.policy });
  await page.getByRole("checkbox", { name: new RegExp(names.source) }).check();
  await page.getByLabel("Paths to back up (one per line)").fill(folder);
  await page.getByRole("button", { name: "Create group" }).click();
  await page.waitForURL(/\/protection-groups\/(?!new)[^/]+$/);
}
