// Starts the real stack for browser tests through the launcher (`startStack`): a fresh portal
// database (migrated, bootstrapped with a known admin), the engine, a local agent and `next start`
// of the built portal, all on free ports. Adds a viewer and a second workspace for the role tests.
// Needs `next build` first (turbo runs web's build before its test).
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, hashPassword } from "@lifeboat/db";
import { startStack } from "@lifeboat/launcher";
import { createTestDatabase, dropDatabase, findFreePort, type TestDatabase } from "@lifeboat/postgres";

export interface Credentials {
  email: string;
  password: string;
}

export interface Portal {
  url: string;
  admin: Credentials;
  viewer: Credentials;
  /** A second workspace where the admin is only an operator (workspace switcher, role-aware UI). */
  secondWorkspace: string;
  /** The last lines the stack printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PortalOptions {
  /** Enables the portal's generic OIDC provider against this issuer. */
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string };
  /**
   * Caps the local agent's restic upload (restic's own `--limit-upload`, KiB/s) through a wrapper
   * given to the agent as AGENT_RESTIC_BIN (as apps/engine/test/helpers/stack.ts does), so a backup
   * of a big enough data set is still running when the test pauses or watches it, however fast
   * the machine. It is still the real restic doing the real work.
   */
  resticUploadLimitKiB?: number;
  /** More settings of the stack (e.g. faster ops sync and alert intervals). */
  env?: Record<string, string>;
}

export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  const admin = { email: "admin@browser.test", password: `Admin-${randomBytes(9).toString("base64url")}` };
  const viewer = { email: "viewer@browser.test", password: `Viewer-${randomBytes(9).toString("base64url")}` };
  const secondWorkspace = "Staging";
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-web-browser-"));
  // When root, the embedded cluster's postgres OS user must pass through this folder.
  await chmod(dataDir, 0o711);
  const lines: string[] = [];
  const output = () => lines.slice(-60).join("\n");
  const database: TestDatabase | null = process.env.DATABASE_URL ? await createTestDatabase("web_browser") : null;
  let engineDatabaseUrl: string | null = null;
  let stopStack = async () => {};
  const stop = async () => {
    await stopStack();
    if (database && engineDatabaseUrl) await dropDatabase(engineDatabaseUrl);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const agentEnv: Record<string, string> = {};
    if (options.resticUploadLimitKiB) {
      const wrapper = path.join(dataDir, "restic-throttled");
      await writeFile(wrapper, `#!/bin/sh\nexec restic --limit-upload ${options.resticUploadLimitKiB} "$@"\n`, { mode: 0o755 });
      agentEnv.AGENT_RESTIC_BIN = wrapper;
    }
    const stack = await startStack({
      dataDir,
      databaseUrl: database?.url,
      port: await findFreePort(),
      enginePort: await findFreePort(),
      log: (line) => lines.push(line),
      // Empty secrets: the launcher generates them into dataDir, as on a first `npm start`.
      env: {
        LIFEBOAT_ADMIN_EMAIL: admin.email,
        LIFEBOAT_ADMIN_PASSWORD: admin.password,
        LIFEBOAT_SECRET: "",
        NEXTAUTH_SECRET: "",
        NEXTAUTH_URL: "",
        ENGINE_BOOTSTRAP_API_KEY: "",
        OIDC_ISSUER: options.oidc?.issuer ?? "",
        OIDC_CLIENT_ID: options.oidc?.clientId ?? "",
        OIDC_CLIENT_SECRET: options.oidc?.clientSecret ?? "",
        OIDC_NAME: options.oidc?.name ?? "",
        NEXT_TELEMETRY_DISABLED: "1",
        ...agentEnv,
        ...options.env,
      },
    });
    stopStack = stack.stop;
    engineDatabaseUrl = stack.engineDatabaseUrl;
    const db = createDb(stack.databaseUrl);
    try {
      const adminRow = await db.user.findUniqueOrThrow({ where: { email: admin.email }, select: { id: true, memberships: true } });
      const defaultWorkspaceId = adminRow.memberships[0]?.workspaceId;
      if (!defaultWorkspaceId) throw new Error("bootstrap gave the admin no workspace");
      await db.user.create({
        data: {
          email: viewer.email,
          passwordHash: await hashPassword(viewer.password),
          memberships: { create: { workspaceId: defaultWorkspaceId, role: "viewer" } },
        },
      });
      await db.workspace.create({
        data: { name: secondWorkspace, memberships: { create: { userId: adminRow.id, role: "operator" } } },
      });
    } finally {
      await db.$disconnect();
    }
    return { url: stack.portalUrl, admin, viewer, secondWorkspace, output, stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- stack output ---\n${output()}`, { cause: error });
  }
}
