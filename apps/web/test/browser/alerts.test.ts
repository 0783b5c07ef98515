// Alerts in real Chromium against the real stack (portal with its alert jobs, engine, agent,
// PostgreSQL): an admin creates a webhook channel and a rule under Settings → Alert rules &
// channels, a run fails, the header bell counts the open alert, the Alerts page lists it and an
// operator acknowledges it with a note; the local webhook receiver got one signed firing.
import { createHmac } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSignedIn, screenshot, type BrowserSession } from "./browser.ts";
import { startPortal, type Portal } from "./portal-harness.ts";
import { protectFolder } from "./protect-folder.ts";

const SECRET = "browser-test-signing-secret";

interface Delivery {
  body: string;
  signature: string | undefined;
}

let portal: Portal;
let browser: BrowserSession;
let receiver: Server;
let receiverUrl = "";
let tmp = "";
const deliveries: Delivery[] = [];
const firings = () =>
  deliveries
    .map((d) => ({ ...d, payload: JSON.parse(d.body) as { event: string; alert: { condition: string; status: string; subject: { groupName?: string } } } }))
    .filter((d) => d.payload.event === "alert.firing" && d.payload.alert.condition === "run.failed");

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}\n--- stack output ---\n${portal.output()}`);
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const signature = req.headers["x-lifeboat-signature"];
      deliveries.push({ body: Buffer.concat(chunks).toString("utf8"), signature: Array.isArray(signature) ? signature[0] : signature });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/lifeboat`;
  tmp = await mkdtemp(path.join(os.tmpdir(), "lifeboat-alerts-browser-"));
  portal = await startPortal({ env: { LIFEBOAT_ALERTS_INTERVAL_SECONDS: "2", LIFEBOAT_OPS_SYNC_INTERVAL_SECONDS: "2" } });
  browser = await openSignedIn(portal.url, portal.admin);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("alerts", () => {
  it("a channel and a rule made in Settings deliver a failed run; the bell counts it and the Alerts page acknowledges it", async () => {
    const { page } = browser;
    await page.goto(`${portal.url}/settings/alerts`);
    await page.getByRole("heading", { level: 1, name: "Alert rules & channels" }).waitFor();

    await page.getByRole("button", { name: "New channel" }).click();
    const channelDialog = page.getByRole("dialog", { name: "New alert channel" });
    await channelDialog.getByLabel("Name").fill("On-call hook");
    await channelDialog.getByLabel("Kind").selectOption("webhook");
    await channelDialog.getByLabel("URL").fill(receiverUrl);
    await channelDialog.getByLabel("Signing secret").fill(SECRET);
    await channelDialog.getByRole("button", { name: "Create channel" }).click();
    const channelRow = page.getByRole("table", { name: "Alert channels" }).getByRole("row", { name: /On-call hook/ });
    await channelRow.waitFor();
    // Write-only: the list shows the receiver's host, never the whole URL or the secret.
    const channelText = await channelRow.innerText();
    expect(channelText).toContain("127.0.0.1");
    expect(channelText).not.toContain("/hooks/lifeboat");
    expect(await page.content()).not.toContain(SECRET);

    await page.getByRole("button", { name: "New rule" }).click();
    const ruleDialog = page.getByRole("dialog", { name: "New alert rule" });
    await ruleDialog.getByLabel("Name").fill("Page on-call");
    await ruleDialog.getByRole("checkbox", { name: "Run failed" }).check();
    await ruleDialog.getByRole("checkbox", { name: /On-call hook/ }).check();
    await ruleDialog.getByRole("button", { name: "Create rule" }).click();
    await page.getByRole("table", { name: "Alert rules" }).getByRole("row", { name: /Page on-call/ }).waitFor();
    await screenshot(page, "alerts-settings");

    // A group over a folder that does not exist, without retries: its run fails.
    const missing = path.join(tmp, "not-there");
    await protectFolder(page, portal.url, { source: "Alerting host", policy: "No retries", group: "Doomed" }, missing, { retries: 0 });
    // Saved all the same, with the save-time path check's warning (through the host's agent).
    await page.getByText('Check the paths of "Doomed"').waitFor();
    await page.getByRole("list", { name: "Path warnings" }).getByText(`Alerting host: no such directory: ${missing}`).waitFor();
    await page.goto(`${portal.url}/runs`);
    await page.getByLabel("Protection group").selectOption({ label: "Doomed" });
    await page.waitForURL(/group=/);
    await page.getByRole("button", { name: "Run now" }).click();
    await page.getByRole("menuitem", { name: /Incremental/ }).click();
    await page.getByText(/Incremental run of Doomed requested/).waitFor();

    const [firing] = await waitFor("the signed run.failed webhook", () => (firings().length > 0 ? firings() : undefined), 240_000);
    const expected = `sha256=${createHmac("sha256", SECRET).update(firing!.body).digest("hex")}`;
    expect(firing!.signature).toBe(expected);
    expect(firing!.payload.alert).toMatchObject({ condition: "run.failed", status: "open", subject: { groupName: "Doomed" } });

    // The bell refreshes on its own (every 30 s); no reload.
    const bell = page.getByRole("link", { name: /^Alerts: [1-9]\d* open$/ });
    await bell.waitFor({ timeout: 90_000 });
    await screenshot(page, "alerts-bell");
    await bell.click();
    await page.getByRole("heading", { level: 1, name: "Alerts" }).waitFor();
    const row = page.getByRole("table", { name: "Alerts" }).getByRole("row").filter({ hasText: "Run failed" }).filter({ hasText: "Doomed" });
    await row.waitFor();
    await row.getByRole("button", { name: /^Acknowledge Run failed/ }).click();
    const ack = page.getByRole("dialog", { name: 'Acknowledge "Run failed"' });
    await ack.getByLabel("Note").fill("Creating the folder, then re-running");
    await ack.getByRole("button", { name: "Acknowledge" }).click();
    await page.getByText("Acknowledged: Run failed").waitFor();
    await row.getByText("acknowledged").waitFor();
    await row.getByText("“Creating the folder, then re-running”").waitFor();
    expect(await row.getByRole("button", { name: /^Acknowledge/ }).count()).toBe(0);
    await screenshot(page, "alerts-acknowledged");

    // One problem, one notification: later evaluations did not send it again.
    await new Promise((r) => setTimeout(r, 5_000));
    expect(firings()).toHaveLength(1);
  }, 600_000);
});
