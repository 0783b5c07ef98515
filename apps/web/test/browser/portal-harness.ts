// Starts the real portal for browser tests: a fresh database (migrated, bootstrapped with a known
// admin and a viewer) and `next start` of the built app on a free port. Needs `next build` first
// (turbo runs web's build before its test).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bootstrapPortal, createDb, DEFAULT_WORKSPACE_NAME, hashPassword } from "@lifeboat/db";
import { migrateDatabase } from "@lifeboat/db/migrate";
import { createTestDatabase, findFreePort, type TestDatabase } from "@lifeboat/postgres";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const repoRoot = path.resolve(webDir, "../..");

export interface Credentials {
  email: string;
  password: string;
}

export interface Portal {
  url: string;
  admin: Credentials;
  viewer: Credentials;
  /** The last lines the portal printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/signin`, { redirect: "manual" });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`portal at ${url} not ready after ${timeoutMs} ms:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // Only the process group this harness started.
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(-child.pid!, "SIGTERM");
  });
}

export async function startPortal(): Promise<Portal> {
  if (!existsSync(path.join(webDir, ".next", "BUILD_ID"))) {
    throw new Error("apps/web is not built: run `npm run build -w @lifeboat/web` (turbo's test task does it) before the browser tests");
  }
  const admin = { email: "admin@browser.test", password: `Admin-${randomBytes(9).toString("base64url")}` };
  const viewer = { email: "viewer@browser.test", password: `Viewer-${randomBytes(9).toString("base64url")}` };
  const secret = randomBytes(32).toString("base64url");
  let database: TestDatabase | null = await createTestDatabase("web_browser");
  let child: ChildProcess | null = null;
  const lines: string[] = [];
  const output = () => lines.slice(-40).join("");
  const cleanup = async () => {
    if (child) await stopChild(child);
    child = null;
    await database?.drop();
    database = null;
  };
  try {
    await migrateDatabase(database.url);
    const db = createDb(database.url);
    try {
      const boot = await bootstrapPortal(db, { adminEmail: admin.email, adminPassword: admin.password, engine: null, secret });
      const workspaceId = boot.workspace?.id;
      if (!workspaceId) throw new Error(`bootstrap created no ${DEFAULT_WORKSPACE_NAME} workspace`);
      await db.user.create({
        data: {
          email: viewer.email,
          passwordHash: await hashPassword(viewer.password),
          memberships: { create: { workspaceId, role: "viewer" } },
        },
      });
    } finally {
      await db.$disconnect();
    }

    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [path.join(repoRoot, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: webDir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: database.url,
        LIFEBOAT_SECRET: secret,
        NEXTAUTH_URL: url,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        NEXT_TELEMETRY_DISABLED: "1",
        OIDC_ISSUER: "",
      },
    });
    child.stdout?.on("data", (d: Buffer) => lines.push(d.toString()));
    child.stderr?.on("data", (d: Buffer) => lines.push(d.toString()));
    await waitUntilReady(url, child, output);
    return { url, admin, viewer, output, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
