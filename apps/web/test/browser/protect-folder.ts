// Protects a folder of the stack's local host through the portal's own pages: register the host as
// a source, create a daily policy, create a group of the folder. Each step is its own helper for the
// tests that need only part of it (or want to look at a page in between).
import type { Page } from "playwright-core";

/** Registers the local agent's host as a source named `name`; returns the new source's id. */
export async function registerLocalHost(page: Page, portalUrl: string, name: string): Promise<string> {
  await page.goto(`${portalUrl}/sources`);
  await page.getByRole("heading", { level: 1, name: "Sources" }).waitFor();
  await page.getByRole("button", { name: "Register source" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radiogroup", { name: "Data-source connection" }).getByRole("radio", { name: "local" }).check();
  await dialog.getByRole("button", { name: "Next" }).click();
  // The local agent checks in with the engine shortly after the stack starts.
  const host = dialog.getByRole("radiogroup", { name: "Host" }).getByRole("radio").first();
  await host.waitFor({ timeout: 60_000 });
  await host.check();
  await dialog.getByRole("button", { name: "Next" }).click();
  await dialog.getByLabel("Source name").fill(name);
  await dialog.getByRole("button", { name: "Register source" }).click();
  await page.waitForURL(/\/sources\/\d+$/);
  return lastPathSegment(page);
}

/** Creates a daily policy named `name` from the policy editor; returns its id. */
export async function createPolicy(page: Page, portalUrl: string, name: string, options: { keepDays?: number; retries?: number } = {}): Promise<string> {
  await page.goto(`${portalUrl}/policies/new`);
  await page.getByLabel("Policy name").fill(name);
  if (options.keepDays !== undefined) await page.getByLabel("Keep snapshots for").fill(String(options.keepDays));
  if (options.retries !== undefined) await page.getByLabel("Retries", { exact: true }).fill(String(options.retries));
  await page.getByRole("button", { name: "Create policy" }).click();
  await page.waitForURL(/\/policies\/(?!new)[^/]+$/);
  return lastPathSegment(page);
}

/** Creates a group of `paths` on the source under the policy; returns its id. */
export async function createGroup(page: Page, portalUrl: string, group: { name: string; policy: string; source: string; paths: string }): Promise<string> {
  await page.goto(`${portalUrl}/protection-groups/new`);
  await page.getByRole("heading", { level: 1, name: "New protection group" }).waitFor({ timeout: 60_000 });
  await page.getByLabel("Group name").fill(group.name);
  await page.getByLabel("Policy").selectOption({ label: group.policy });
  await page.getByRole("checkbox", { name: new RegExp(group.source) }).check();
  await page.getByLabel("Paths to back up (one per line)").fill(group.paths);
  await page.getByRole("button", { name: "Create group" }).click();
  await page.waitForURL(/\/protection-groups\/(?!new)[^/]+$/);
  return lastPathSegment(page);
}

export async function protectFolder(
  page: Page,
  portalUrl: string,
  names: { source: string; policy: string; group: string },
  folder: string,
  options: { retries?: number } = {},
): Promise<void> {
  await registerLocalHost(page, portalUrl, names.source);
  await createPolicy(page, portalUrl, names.policy, { keepDays: 7, ...options });
  await createGroup(page, portalUrl, { name: names.group, policy: names.policy, source: names.source, paths: folder });
}

const lastPathSegment = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
