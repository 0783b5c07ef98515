// A run watched live in real Chromium against the real portal, engine, local agent and restic:
// its row shows the live bar and bytes read while Running, then its bar is full and it ends
// Succeeded with its real figures; a second run is paused and resumed from the Runs page. The
// agent's restic upload is capped (the harness's `resticUploadLimitKiB`, restic's own
// --limit-upload), so the transfer takes tens of seconds however fast the machine is: Pause always
// lands mid-transfer and the Running state is always seen. Nothing races a timer against the data.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { openSignedIn, screenshot, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";
import { protectFolder } from "./protect-folder.ts";

const MiB = 1024 * 1024;
/** KiB/s: 40 MiB of fresh random data take at least ~20 s to upload. */
const UPLOAD_LIMIT_KIB = 2048;

let portal: Portal;
let browser: BrowserSession;
let dataRoot: string;

/** Random (incompressible, never deduplicated) files of `mib` MiB each. */
async function writeRandomFiles(names: string[], mib: number) {
  for (const name of names) await writeFile(path.join(dataRoot, name), randomBytes(mib * MiB));
}

beforeAll(async () => {
  dataRoot = await mkdtemp(path.join(os.tmpdir(), "lifeboat-browser-runs-"));
  await writeRandomFiles(["a.bin", "b.bin"], 20);
  portal = await startPortal({ resticUploadLimitKiB: UPLOAD_LIMIT_KIB });
  browser = await openSignedIn(portal.url, portal.admin);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
});

const protectDataRoot = (page: Page) => protectFolder(page, portal.url, { source: "progress-host", policy: "progress-daily", group: "progress-group" }, dataRoot);

/** Starts an incremental run of the group from the Runs page and returns its row there (found by run id). */
async function runNow(page: Page): Promise<Locator> {
  await page.goto(`${portal.url}/runs`);
  await page.getByLabel("Protection group").selectOption({ label: "progress-group" });
  await page.waitForURL(/group=/);
  await page.getByRole("button", { name: "Run now" }).click();
  await page.getByRole("menuitem", { name: /Incremental/ }).click();
  await page.getByText(/Incremental run of progress-group requested/).waitFor();
  const active = page.getByRole("table", { name: "Runs" }).locator("tbody tr").filter({ hasText: /Accepted|Running/ }).first();
  await active.waitFor({ timeout: 60_000 });
  const runId = (await active.locator(".font-mono").first().innerText()).trim();
  return page.getByRole("table", { name: "Runs" }).locator("tbody tr").filter({ hasText: runId });
}

const valueOf = async (bar: Locator) => Number((await bar.getAttribute("aria-valuenow", { timeout: 5_000 }).catch(() => null)) ?? Number.NaN);

/** The monitor row's status badge says Running. */
const isRunning = async (row: Locator) => (await row.locator("td").nth(2).innerText({ timeout: 5_000 }).catch(() => "")).trim() === "Running";
/** The monitor row's "Read" cell (bytes read so far, live). */
const readCell = (row: Locator) => row.locator("td").nth(6).innerText({ timeout: 5_000 }).catch(() => "");

/** The run detail's "Read" figure, as shown. */
const readFigure = (page: Page) => page.locator("dt", { hasText: /^Read$/ }).locator("xpath=following-sibling::dd").innerText();

describe("runs watched live in Chromium", () => {
  it("follows a run live (bar and bytes read while Running) until its bar is full and it shows Succeeded with its figures", async () => {
    const { page } = browser;
    onTestFailed(() => screenshot(page, "runs-progress-99-failure"));
    await protectDataRoot(page);
    const row = await runNow(page);
    // Live, without a reload: while the run is Running its row shows the bar and the bytes read so far.
    // (The upstream run model carries no byte percentage; the BFF's fraction is objects done / objects,
    // so with one host the bar shows 0 % until the object finishes, then the run's 100 %.)
    await expect.poll(async () => (await isRunning(row)) && (await row.getByRole("progressbar").isVisible()) && /[KM]iB/.test(await readCell(row)), { timeout: 120_000, interval: 500 }).toBe(true);
    await screenshot(page, "runs-progress-01-live");
    await row.getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: /Run of progress-group/ }).waitFor();
    const detailBar = page.getByRole("progressbar").first();
    await expect.poll(() => valueOf(detailBar), { timeout: 180_000, interval: 1_000 }).toBe(100);
    await page.getByText("Succeeded", { exact: true }).first().waitFor({ timeout: 60_000 });
    await expect.poll(() => readFigure(page), { timeout: 30_000 }).toBe("40 MiB");
    const objects = page.getByRole("table", { name: "Objects of this run" });
    await expect.poll(() => objects.locator("tbody tr").first().innerText(), { timeout: 30_000 }).toMatch(/(Successful|Succeeded)[\s\S]*40 MiB/);
    // The upstream's own progress of the run (GetProtectionRunProgress through run.progress).
    await page.getByText("100 % · Finished").first().waitFor({ timeout: 30_000 });
    await screenshot(page, "runs-progress-02-succeeded");
  }, 420_000);

  it("pauses a running backup from the Runs page (bytes stop moving) and resumes it to Succeeded", async () => {
    const { page } = browser;
    onTestFailed(() => screenshot(page, "runs-control-99-failure"));
    // Fresh data, so this run uploads another 40 MiB at the capped rate.
    await writeRandomFiles(["c.bin", "d.bin"], 20);
    const row = await runNow(page);
    // Pause once restic moves data (the agent cannot pause a backup still opening the repository).
    await expect.poll(async () => (await isRunning(row)) && /[KM]iB/.test(await readCell(row)), { timeout: 120_000, interval: 500 }).toBe(true);
    await row.getByRole("button", { name: "Pause" }).click();
    const sameRun = row;
    await sameRun.getByText("Paused", { exact: true }).waitFor({ timeout: 60_000 });
    await screenshot(page, "runs-control-01-paused");

    // On the detail page the Read figure stays put while paused (live updates keep arriving every 2 s).
    await sameRun.getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: /Run of progress-group/ }).waitFor();
    await page.getByText("Paused", { exact: true }).first().waitFor();
    const readWhilePaused = await readFigure(page);
    for (let i = 0; i < 3; i++) {
      await page.waitForTimeout(2_500);
      expect(await page.getByText("Paused", { exact: true }).first().isVisible()).toBe(true);
      expect(await readFigure(page)).toBe(readWhilePaused);
    }
    await screenshot(page, "runs-control-02-paused-detail");

    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => page.getByText(/Running|Succeeded/).first().isVisible(), { timeout: 60_000 }).toBe(true);
    await page.getByText("Succeeded", { exact: true }).first().waitFor({ timeout: 240_000 });
    // restic reports every file it processed, the two already in the previous snapshot included.
    await expect.poll(() => readFigure(page), { timeout: 30_000 }).toMatch(/^\d+(\.\d)? MiB$/);
    await screenshot(page, "runs-control-03-resumed");
  }, 480_000);
});
