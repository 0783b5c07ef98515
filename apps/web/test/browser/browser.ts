// Real Chromium through playwright-core (the system's /usr/bin/chromium: nothing is downloaded).
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test-artifacts/screenshots");

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh profile per session, so cookies of one user never leak into another's test. */
export async function openBrowser(): Promise<BrowserSession> {
  const profile = await mkdtemp(path.join(os.tmpdir(), "lifeboat-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    timezoneId: "Europe/Berlin",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * A fresh browser signed in as `who` on the dashboard. Uncaught page errors are collected into
 * `pageErrors` when given (a blank page says nothing on its own; the test reports them on failure).
 */
export async function openSignedIn(baseUrl: string, who: { email: string; password: string }, pageErrors?: string[]): Promise<BrowserSession> {
  const session = await openBrowser();
  if (pageErrors) session.page.on("pageerror", (error) => pageErrors.push(error.message));
  await signIn(session.page, baseUrl, who.email, who.password);
  await session.page.waitForURL(`${baseUrl}/dashboard`);
  return session;
}
