// Restoring last week's version in real Chromium against the real portal, engine, local agent and
// restic: a folder is backed up, a file in it changes, it is backed up again; the restore wizard
// opens the OLDER restore point, browses its folders (recovery.browse, the engine's index), shows
// that version's size, names the point in the summary, downloads the older version from the
// versions dialog, and restores the file to another folder: the bytes on disk are the old ones.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { openBrowser, screenshot, signIn, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";
import { protectFolder } from "./protect-folder.ts";

let portal: Portal;
let browser: BrowserSession;
let dataRoot: string;
let scratch: string;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const older = randomBytes(3000);
const newer = randomBytes(7000);

beforeAll(async () => {
  dataRoot = await mkdtemp(path.join(os.tmpdir(), "lifeboat-browser-versions-"));
  scratch = await mkdtemp(path.join(os.tmpdir(), "lifeboat-browser-versions-out-"));
  await mkdir(path.join(dataRoot, "docs"));
  await writeFile(path.join(dataRoot, "docs", "report.txt"), older);
  await writeFile(path.join(dataRoot, "notes.md"), "# notes\n");
  portal = await startPortal();
  browser = await openBrowser();
  await signIn(browser.page, portal.url, portal.admin.email, portal.admin.password);
  await browser.page.waitForURL(`${portal.url}/dashboard`);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Starts an incremental run of the group from the Runs page and waits until its row says Succeeded. */
async function backUp(page: Page) {
  await page.goto(`${portal.url}/runs`);
  await page.getByLabel("Protection group").selectOption({ label: "versions-group" });
  await page.waitForURL(/group=/);
  await page.getByRole("button", { name: "Run now" }).click();
  await page.getByRole("menuitem", { name: /Incremental/ }).click();
  await page.getByText(/Incremental run of versions-group requested/).waitFor();
  const active = page.getByRole("table", { name: "Runs" }).locator("tbody tr").filter({ hasText: /Accepted|Running/ }).first();
  await active.waitFor({ timeout: 60_000 });
  const runId = (await active.locator(".font-mono").first().innerText()).trim();
  const row = page.getByRole("table", { name: "Runs" }).locator("tbody tr").filter({ hasText: runId });
  await row.filter({ hasText: "Succeeded" }).waitFor({ timeout: 180_000 });
}

/** Opens the snapshot browser's folders from "/" down to `folder` (absolute). */
async function expandTo(page: Page, folder: string) {
  for (const name of folder.split("/").filter(Boolean)) {
    const expand = page.getByRole("button", { name: `Expand ${name}`, exact: true }).first();
    await expand.waitFor({ timeout: 30_000 });
    await expand.click();
  }
}

describe("restoring an older version in Chromium", () => {
  it("browses the older restore point and restores its version of a changed file, bytes equal", async () => {
    const { page } = browser;
    onTestFailed(() => screenshot(page, "versions-99-failure"));
    await protectFolder(page, portal.url, { source: "versions-host", policy: "versions-daily", group: "versions-group" }, dataRoot);
    await backUp(page);
    await writeFile(path.join(dataRoot, "docs", "report.txt"), newer);
    await backUp(page);

    // Both restore points listed and indexed (a reload asks again until the second index is done).
    const points = page.getByRole("radiogroup", { name: "Restore points" }).getByRole("radio");
    await expect
      .poll(async () => {
        await page.goto(`${portal.url}/recoveries/new`);
        await page.getByRole("tab", { name: "Pick a host and restore point" }).click();
        await page.getByRole("group", { name: "Protected hosts" }).getByRole("button").first().click();
        await points.first().waitFor({ timeout: 30_000 });
        return (await points.count()) === 2 && !(await page.getByText(/file index:/).first().isVisible());
      }, { timeout: 180_000, interval: 3_000 })
      .toBe(true);

    // The older point (listed newest first): its folder shows its own version's size.
    await points.nth(1).check();
    const file = path.join(dataRoot, "docs", "report.txt");
    await expandTo(page, path.join(dataRoot, "docs"));
    const row = page.getByRole("treeitem", { name: "report.txt" });
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain("2.9 KiB");
    await page.getByLabel(`Select ${file}`).check();
    await page.getByText("1 file selected").waitFor();
    await page.getByText(/from the restore point of/).waitFor();
    await screenshot(page, "versions-01-older-point");

    // The versions dialog lists both; the older one downloads with its bytes.
    await page.getByRole("button", { name: `Versions of ${file}` }).click();
    const dialog = page.getByRole("dialog");
    const rows = dialog.getByRole("table", { name: "Versions" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    const download = page.waitForEvent("download", { timeout: 60_000 });
    await rows.nth(1).getByRole("button", { name: /^Download the version/ }).click();
    const saved = path.join(scratch, "downloaded-older.txt");
    await (await download).saveAs(saved);
    expect(sha256(await readFile(saved))).toBe(sha256(older));
    await page.keyboard.press("Escape");

    // Restore into another folder of the same host: the older bytes arrive.
    const restoreInto = path.join(scratch, "restored");
    await page.getByRole("button", { name: "Next: destination" }).click();
    await page.getByLabel(/Another host or folder/).check();
    await page.getByRole("combobox", { name: "Host", exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Restore into folder").fill(restoreInto);
    await page.getByRole("button", { name: "Start restore" }).click();
    await page.waitForURL(/\/recoveries\/(?!new)[^/]+$/);
    await page.getByText("Succeeded", { exact: true }).first().waitFor({ timeout: 180_000 });
    await screenshot(page, "versions-02-restored");
    const restored = await readFile(path.join(restoreInto, file));
    expect(sha256(restored)).toBe(sha256(older));
    expect(sha256(await readFile(file))).toBe(sha256(newer));
  }, 600_000);
});
