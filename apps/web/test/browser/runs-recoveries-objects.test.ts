// Runs, recoveries and objects in real Chromium against the real stack (portal, engine, the
// launcher's local agent). Objects search works against today's engine: the local host is
// registered through the Sources wizard and then found on the Objects page. Runs, recoveries and
// indexed search are engine part 2: those tests first ask the page, and when the portal shows the
// upstream's "does not implement this operation yet" (HTTP 501) they are reported as skipped with
// the reason "engine part 2 not landed" — never as passes.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { openSignedIn, screenshot, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";
import { createGroup, createPolicy, registerLocalHost } from "./protect-folder.ts";

let portal: Portal;
let browser: BrowserSession;
const NOT_LANDED = /does not implement this operation yet/;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** What the group backs up: a folder of this test with known bytes (name unique per run, so search finds only it). */
let dataRoot: string;
let scratch: string;
const tag = randomBytes(4).toString("hex");
const reportName = `report-${tag}.txt`;
const files: Record<string, Buffer> = {
  [`docs/${reportName}`]: Buffer.from(`quarterly figures ${tag}\n`.repeat(2000)),
  "docs/photos/a.bin": randomBytes(300 * 1024),
  "docs/photos/b.bin": randomBytes(120 * 1024),
  "notes.md": Buffer.from("# notes\n"),
};

beforeAll(async () => {
  dataRoot = await mkdtemp(path.join(os.tmpdir(), "lifeboat-browser-data-"));
  scratch = await mkdtemp(path.join(os.tmpdir(), "lifeboat-browser-scratch-"));
  for (const [rel, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dataRoot, rel)), { recursive: true });
    await writeFile(path.join(dataRoot, rel), bytes);
  }
  portal = await startPortal();
  browser = await openSignedIn(portal.url, portal.admin);
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  await rm(dataRoot, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

/** Opens the snapshot browser's folders from "/" down to `folder` (absolute). */
async function expandTo(page: Page, folder: string) {
  for (const name of folder.split("/").filter(Boolean)) {
    // Each folder loads when its parent opens.
    const expand = page.getByRole("button", { name: `Expand ${name}`, exact: true }).first();
    await expand.waitFor({ timeout: 30_000 });
    await expand.click();
  }
}

/** Resolves to the 501 message when the page shows one, else null, once either `ready` or an error shows. */
async function engineAnswer(page: Page, ready: ReturnType<Page["getByRole"]>): Promise<string | null> {
  const error = page.getByRole("alert").filter({ hasText: NOT_LANDED }).first();
  await Promise.race([ready.first().waitFor({ timeout: 60_000 }), error.waitFor({ timeout: 60_000 })]);
  return (await error.isVisible()) ? await error.innerText() : null;
}

describe("objects, runs and recoveries in Chromium", () => {
  it("finds the registered local host on the Objects page, filters it, and says when nothing matches", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/objects`);
    await page.getByRole("heading", { level: 1, name: "Objects" }).waitFor();
    await page.getByText("No objects registered yet").waitFor();
    await screenshot(page, "objects-01-empty");

    await registerLocalHost(page, portal.url, "browser-host");
    await page.goto(`${portal.url}/objects`);
    const table = page.getByRole("table", { name: "Objects" });
    await table.waitFor();
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    const firstName = (await rows.first().locator("td").first().innerText()).trim();
    expect(await rows.first().innerText()).toMatch(/Physical host/);
    expect(await rows.first().innerText()).toMatch(/Not protected/);
    await screenshot(page, "objects-02-list");

    // Server-side search: the host's own name finds it; nonsense finds nothing and says what to do.
    await page.getByLabel("Name", { exact: true }).fill(firstName);
    await expect.poll(() => table.locator("tbody tr").first().innerText()).toContain(firstName);
    await page.getByLabel("Name", { exact: true }).fill("zz-no-such-object");
    await page.getByText("No objects match").waitFor();
    await page.getByText(/try a shorter name/).waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await table.waitFor();
    await page.getByLabel("Protection").selectOption("protected");
    await page.getByText("No objects match").waitFor();
    await page.getByLabel("Protection").selectOption("unprotected");
    await table.waitFor();
    await screenshot(page, "objects-03-filtered");

    // Snapshots of an object are engine part 2: the list or the plain 501 message, both visible.
    await table.getByRole("button", { name: "Show snapshots" }).first().click();
    await page.getByText(/No snapshots of|does not implement this operation yet/).first().waitFor({ timeout: 30_000 });
    await screenshot(page, "objects-04-snapshots");
  });

  it("monitors runs: run now, live progress, run detail with per-object figures", async (ctx) => {
    const { page } = browser;
    onTestFailed(() => screenshot(page, "runs-99-failure"));
    await page.goto(`${portal.url}/runs`);
    await page.getByRole("heading", { level: 1, name: "Runs" }).waitFor();
    await page.getByText("No protection groups yet").waitFor();
    await screenshot(page, "runs-01-no-groups");
    await createPolicy(page, portal.url, "runs-daily", { keepDays: 7 });
    await createGroup(page, portal.url, { name: "runs-group", policy: "runs-daily", source: "browser-host", paths: dataRoot });
    await page.goto(`${portal.url}/runs`);
    await page.getByLabel("Protection group").selectOption({ label: "runs-group" });
    const answer = await engineAnswer(page, page.getByText(/No runs|Group \/ run/));
    await screenshot(page, "runs-02-group");
    if (answer) ctx.skip(`engine part 2 not landed: ${answer}`);

    await page.getByRole("button", { name: "Run now" }).click();
    await page.getByRole("menuitem", { name: /Incremental/ }).click();
    await page.getByText(/Incremental run of runs-group requested/).waitFor();
    const row = page.getByRole("table", { name: "Runs" }).locator("tbody tr").first();
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => row.innerText(), { timeout: 120_000 }).toMatch(/Accepted|Running|Succeeded|%/);
    await screenshot(page, "runs-03-live");
    const runId = (await row.locator(".font-mono").first().innerText()).trim();
    await row.getByRole("link").first().click();
    await page.getByRole("heading", { level: 1, name: /Run of runs-group/ }).waitFor();
    await page.getByText(runId).first().waitFor();
    // Live: the page follows the run to its end without a reload, then shows the real figures.
    await page.getByText("Succeeded", { exact: true }).first().waitFor({ timeout: 180_000 });
    const objects = page.getByRole("table", { name: "Objects of this run" });
    await expect.poll(() => objects.innerText(), { timeout: 30_000 }).toMatch(/KiB|MiB/);
    expect(await objects.locator("tbody tr").first().innerText()).toMatch(/Successful|Succeeded/);
    await screenshot(page, "runs-04-detail");

    // Filters live in the URL: a dashboard link opens the filtered monitor, and back/forward step through filter changes.
    await page.goto(`${portal.url}/runs?status=Succeeded&window=24h`);
    await expect.poll(() => page.getByLabel("Status").inputValue()).toBe("Succeeded");
    expect(await page.getByLabel("Started").inputValue()).toBe("24h");
    await expect.poll(() => page.getByRole("table", { name: "Runs" }).innerText(), { timeout: 30_000 }).toContain(runId);
    await page.getByLabel("Status").selectOption("Failed");
    await page.waitForURL(/status=Failed/);
    await page.getByText("No runs match these filters").waitFor();
    await page.goBack();
    await page.waitForURL(/status=Succeeded/);
    await expect.poll(() => page.getByLabel("Status").inputValue()).toBe("Succeeded");
    await page.getByRole("table", { name: "Runs" }).waitFor();

    // All groups: the synced history, sorted on the server by the column headers; the sort is in the URL.
    await page.goto(`${portal.url}/runs?window=24h&sort=bytesWritten&dir=asc`);
    const runs = page.getByRole("table", { name: "Runs" });
    const header = (name: string) => runs.getByRole("columnheader", { name });
    await expect.poll(() => header("Written").getAttribute("aria-sort"), { timeout: 30_000 }).toBe("ascending");
    expect(await header("Started").getAttribute("aria-sort")).toBe("none");
    await expect.poll(() => runs.innerText(), { timeout: 30_000 }).toContain(runId);
    await page.getByText(/History synced|Run history not synced yet/).waitFor();
    await runs.getByRole("button", { name: "Duration" }).click();
    await page.waitForURL(/sort=duration&dir=desc/);
    await expect.poll(() => header("Duration").getAttribute("aria-sort")).toBe("descending");
    expect(await header("Written").getAttribute("aria-sort")).toBe("none");
    await runs.getByRole("button", { name: "Duration" }).click();
    await page.waitForURL(/sort=duration&dir=asc/);
    await expect.poll(() => runs.innerText(), { timeout: 30_000 }).toContain(runId);
    await page.goBack();
    await page.waitForURL(/sort=duration&dir=desc/);
    await expect.poll(() => header("Duration").getAttribute("aria-sort")).toBe("descending");
    // Until the ops sync (each minute) has copied it, the run shows from the live feed; then it is
    // a row of the server's sorted history, and the page says when that was synced.
    const historyRow = runs.locator('tbody tr[data-source="history"]').filter({ hasText: runId });
    await expect
      .poll(
        async () => {
          await page.reload();
          return historyRow.waitFor({ timeout: 5_000 }).then(() => true, () => false);
        },
        { timeout: 180_000, interval: 10_000 },
      )
      .toBe(true);
    await page.getByText(/History synced/).waitFor();
    await screenshot(page, "runs-06-sorted-history");

    await page.goto(`${portal.url}/recoveries?status=Failed&window=24h`);
    await expect.poll(() => page.getByLabel("Status").inputValue()).toBe("Failed");
    expect(await page.getByLabel("Started").inputValue()).toBe("24h");
    await screenshot(page, "runs-05-url-filters");
  }, 300_000);

  it("finds a file by search, downloads it, and restores it to another folder with the same bytes", async (ctx) => {
    const { page } = browser;
    onTestFailed(() => screenshot(page, "recoveries-99-failure"));
    await page.goto(`${portal.url}/recoveries`);
    await page.getByRole("heading", { level: 1, name: "Recoveries" }).waitFor();
    const answer = await engineAnswer(page, page.getByText(/No recoveries yet|Started/));
    await screenshot(page, "recoveries-01-list");
    if (answer) ctx.skip(`engine part 2 not landed: ${answer}`);

    await page.getByRole("link", { name: "Restore files" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Restore files" }).waitFor();
    // The run of the previous test is indexed shortly after it ends: search until the file shows.
    const sourcePath = path.join(dataRoot, "docs", reportName);
    const hit = page.getByRole("list", { name: "Files found" }).getByRole("button", { name: new RegExp(reportName) });
    await expect
      .poll(async () => {
        await page.getByLabel("File or folder name").fill("");
        await page.getByLabel("File or folder name").fill(reportName);
        return hit.first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
      }, { timeout: 120_000, interval: 2_000 })
      .toBe(true);
    await screenshot(page, "recoveries-02-search");
    await hit.first().click();

    // The newest restore point is chosen, the file's folders are open and the file is ticked.
    await expect.poll(() => page.getByRole("radiogroup", { name: "Restore points" }).getByRole("radio").first().isChecked(), { timeout: 30_000 }).toBe(true);
    const tick = page.getByLabel(`Select ${sourcePath}`);
    await tick.waitFor({ timeout: 30_000 });
    expect(await tick.isChecked()).toBe(true);
    await page.getByText("1 file selected").waitFor();
    await screenshot(page, "recoveries-03-browser");

    // A single file downloads directly, with its bytes.
    const download = page.waitForEvent("download", { timeout: 60_000 });
    await page.getByRole("button", { name: `Download ${sourcePath}`, exact: true }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(reportName);
    const downloadedTo = path.join(scratch, `single-${reportName}`);
    await saved.saveAs(downloadedTo);
    expect(sha256(await readFile(downloadedTo))).toBe(sha256(files[`docs/${reportName}`]!));

    // Restore to another folder of the same host; the agent recreates the path below it.
    const restoreInto = path.join(scratch, "restored");
    await page.getByRole("button", { name: "Next: destination" }).click();
    await page.getByLabel(/Another host or folder/).check();
    await page.getByRole("button", { name: "Start restore" }).click();
    await page.getByText(/Enter the folder to restore into/).waitFor();
    await page.getByRole("combobox", { name: "Host", exact: true }).selectOption({ index: 1 });
    await page.getByLabel("Restore into folder").fill(restoreInto);
    await screenshot(page, "recoveries-04-destination");
    await page.getByRole("button", { name: "Start restore" }).click();
    await page.waitForURL(/\/recoveries\/(?!new)[^/]+$/);
    // Live: the page turns Succeeded by itself when the agent is done.
    await page.getByText("Succeeded", { exact: true }).first().waitFor({ timeout: 120_000 });
    await page.getByText(/restored 1 file/).waitFor();
    await screenshot(page, "recoveries-05-detail");
    const restored = await readFile(path.join(restoreInto, sourcePath));
    expect(sha256(restored)).toBe(sha256(files[`docs/${reportName}`]!));
  }, 300_000);

  it("downloads a folder as a zip that holds its files, bytes equal", async (ctx) => {
    const { page } = browser;
    onTestFailed(() => screenshot(page, "recoveries-98-failure"));
    await page.goto(`${portal.url}/recoveries/new`);
    await page.getByRole("heading", { level: 1, name: "Restore files" }).waitFor();
    const answer = await engineAnswer(page, page.getByRole("tab", { name: "Pick a host and restore point" }));
    if (answer) ctx.skip(`engine part 2 not landed: ${answer}`);
    await page.getByRole("tab", { name: "Pick a host and restore point" }).click();
    await page.getByRole("group", { name: "Protected hosts" }).getByRole("button").first().click();
    await expect.poll(() => page.getByRole("radiogroup", { name: "Restore points" }).getByRole("radio").first().isChecked(), { timeout: 30_000 }).toBe(true);
    await expandTo(page, dataRoot);
    const docs = path.join(dataRoot, "docs");
    await page.getByLabel(`Select ${docs}`, { exact: true }).check();
    await page.getByText("1 folder selected").waitFor();
    await page.getByRole("button", { name: "Next: destination" }).click();
    await page.getByLabel(/Download as a zip/).check();
    await screenshot(page, "recoveries-06-zip-destination");
    await page.getByRole("button", { name: "Prepare download" }).click();
    await page.waitForURL(/\/recoveries\/(?!new)[^/]+$/);
    const zipButton = page.getByRole("button", { name: "Download zip" });
    await expect.poll(() => zipButton.isEnabled(), { timeout: 120_000 }).toBe(true);
    await screenshot(page, "recoveries-07-zip-ready");
    const download = page.waitForEvent("download", { timeout: 60_000 });
    await zipButton.click();
    const zipPath = path.join(scratch, "docs.zip");
    await (await download).saveAs(zipPath);

    // Unpacked with Info-ZIP's unzip: every file below docs/ is there with its bytes.
    const unpacked = path.join(scratch, "unzipped");
    await promisify(execFile)("unzip", ["-q", zipPath, "-d", unpacked]);
    const below = Object.keys(files).filter((rel) => rel.startsWith("docs/"));
    const { stdout } = await promisify(execFile)("unzip", ["-Z1", zipPath]);
    const entries = stdout.split("\n").filter((e) => e && !e.endsWith("/"));
    expect(entries).toHaveLength(below.length);
    for (const rel of below) {
      const entry = entries.find((e) => e.endsWith(rel));
      expect(entry, `${rel} in ${entries.join(", ")}`).toBeDefined();
      expect(sha256(await readFile(path.join(unpacked, entry!)))).toBe(sha256(files[rel]!));
    }
  }, 300_000);
});
