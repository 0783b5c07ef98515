// The whole Lifeboat stack on one machine: database (embedded or DATABASE_URL), portal migrations
// and first-start bootstrap, the engine, a local agent and the portal (`next start`).
import { createRequire } from "node:module";
import fs from "node:fs/promises";
import path from "node:path";
import { bootstrapPortal, createDb } from "@lifeboat/db";
import { migrateDatabase } from "@lifeboat/db/migrate";
import { spawnChild, waitForHttp, type Child, type ChildExit } from "./children.ts";
import { openDatabases } from "./databases.ts";
import { localRegistrationToken } from "./local-agent.ts";
import { agentMain, engineMain, repoRoot, webDir, webIsBuilt } from "./paths.ts";
import { loadStackSecrets } from "./secrets.ts";

export interface StartStackOptions {
  /** Folder for the embedded cluster, secrets.json, engine data and agent state (`.lifeboat/`). */
  dataDir: string;
  /** Portal database; an embedded cluster under dataDir is used when omitted. */
  databaseUrl?: string | undefined;
  /** Portal port (`next start`). */
  port: number;
  enginePort: number;
  /** Settings on top of process.env (LIFEBOAT_ADMIN_*, OIDC_*, ENGINE_*, …). */
  env?: NodeJS.ProcessEnv;
  /** Start the portal (default true). Tests without an `apps/web/.next` build pass false. */
  web?: boolean;
  /** Start the local agent (default true). */
  agent?: boolean;
  /** Output of the launcher and its children (default: console.log). */
  log?: (line: string) => void;
  /** A child exited without stop() asking (default: logged loudly). */
  onUnexpectedExit?: (exit: ChildExit) => void;
}

export interface Stack {
  portalUrl: string;
  engineUrl: string;
  databaseUrl: string;
  engineDatabaseUrl: string;
  admin: {
    email: string;
    /** The generated password (first start only) or LIFEBOAT_ADMIN_PASSWORD; otherwise unknown. */
    password?: string;
    passwordGenerated: boolean;
  };
  /** True when this start created the admin (an empty portal database). */
  firstStart: boolean;
  children: Child[];
  stop(): Promise<void>;
}

const SECRET_VARIABLES = ["LIFEBOAT_SECRET", "NEXTAUTH_SECRET", "ENGINE_BOOTSTRAP_API_KEY", "LIFEBOAT_ADMIN_PASSWORD", "OIDC_CLIENT_SECRET"];

export async function startStack(options: StartStackOptions): Promise<Stack> {
  const env = { ...process.env, ...options.env };
  const log = options.log ?? ((line: string) => console.log(line));
  const onUnexpectedExit =
    options.onUnexpectedExit ??
    ((exit: ChildExit) => log(`!!! ${exit.name} exited unexpectedly (code ${String(exit.code)}, signal ${String(exit.signal)}) — see its output above`));
  const dataDir = path.resolve(options.dataDir);
  // 0711: when root, the embedded cluster's `postgres` OS user must pass through this folder.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });

  const children: Child[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Children first (newest first), then the database they use.
    for (const child of [...children].reverse()) await child.stop();
    children.length = 0;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    const secrets = await loadStackSecrets(dataDir, env);
    const databases = await openDatabases({ dataDir, databaseUrl: options.databaseUrl, engineDatabaseUrl: env.ENGINE_DATABASE_URL });
    cleanups.push(databases.stop);
    log(`database: ${databases.embedded ? `embedded PostgreSQL in ${path.join(dataDir, "postgres")}` : "DATABASE_URL"}`);

    await migrateDatabase(databases.portalUrl);
    const engineUrl = `http://127.0.0.1:${options.enginePort}`;
    const tenantId = env.ENGINE_BOOTSTRAP_TENANT_ID || "default/";
    const db = createDb(databases.portalUrl);
    const boot = await bootstrapPortal(db, {
      adminEmail: env.LIFEBOAT_ADMIN_EMAIL || undefined,
      adminPassword: env.LIFEBOAT_ADMIN_PASSWORD || undefined,
      engine: { serviceUrl: `${engineUrl}/v2`, iamTokenUrl: `${engineUrl}/identity/token`, tenantId, apiKey: secrets.engineApiKey },
      secret: secrets.lifeboatSecret,
    }).finally(() => db.$disconnect());
    if (!boot.admin) throw new Error("the portal database has users but no workspace admin; sign in as an ops user to fix it");

    const childEnv = Object.fromEntries(Object.entries(env).filter(([key]) => !SECRET_VARIABLES.includes(key) && key !== "DATABASE_URL"));
    const tsx = (file: string) => [process.execPath, ["--import", "tsx", file]] as const;

    await fs.access(engineMain).catch(() => {
      throw new Error(`${engineMain} is missing: is this a complete checkout?`);
    });
    const [node, engineArgs] = tsx(engineMain);
    const engine = spawnChild({
      name: "engine",
      command: node,
      args: [...engineArgs],
      cwd: repoRoot,
      env: {
        ...childEnv,
        ENGINE_PORT: String(options.enginePort),
        ENGINE_DATABASE_URL: databases.engineUrl,
        ENGINE_DATA_DIR: path.join(dataDir, "engine"),
        ENGINE_BOOTSTRAP_API_KEY: secrets.engineApiKey,
        ENGINE_BOOTSTRAP_TENANT_ID: tenantId,
        ENGINE_PUBLIC_URL: env.ENGINE_PUBLIC_URL || engineUrl,
      },
      log,
      onUnexpectedExit,
    });
    children.push(engine);
    await waitForHttp(`${engineUrl}/healthz`, engine, { timeoutMs: 120_000 });

    if (options.agent !== false) {
      const registration = await localRegistrationToken({ engineUrl, apiKey: secrets.engineApiKey, tenantId });
      const [, agentArgs] = tsx(agentMain);
      children.push(
        spawnChild({
          name: "agent",
          command: node,
          args: [...agentArgs],
          cwd: repoRoot,
          env: {
            ...childEnv,
            AGENT_ENGINE_URL: engineUrl,
            AGENT_REGISTRATION_TOKEN: registration.token,
            AGENT_STATE_DIR: path.join(dataDir, "agent"),
          },
          log,
          onUnexpectedExit,
        }),
      );
    }

    const portalUrl = `http://localhost:${options.port}`;
    if (options.web !== false) {
      if (!webIsBuilt()) throw new Error(`${webDir}/.next is missing: build the portal first (npm run build)`);
      const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist/bin/next");
      const web = spawnChild({
        name: "web",
        command: node,
        args: [nextBin, "start", "--port", String(options.port)],
        cwd: webDir,
        env: {
          ...childEnv,
          NODE_ENV: "production",
          PORT: String(options.port),
          DATABASE_URL: databases.portalUrl,
          LIFEBOAT_SECRET: secrets.lifeboatSecret,
          NEXTAUTH_URL: env.NEXTAUTH_URL || portalUrl,
          NEXTAUTH_SECRET: secrets.nextauthSecret,
          ...(env.OIDC_CLIENT_SECRET ? { OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET } : {}),
        },
        log,
        onUnexpectedExit,
      });
      children.push(web);
      await waitForHttp(portalUrl, web, { timeoutMs: 120_000, anyStatus: true });
    }

    // LIFEBOAT_ADMIN_PASSWORD only ever sets the first password; it is returned as the likely one.
    const password = boot.admin.generatedPassword ?? (env.LIFEBOAT_ADMIN_PASSWORD || undefined);
    return {
      portalUrl,
      engineUrl,
      databaseUrl: databases.portalUrl,
      engineDatabaseUrl: databases.engineUrl,
      admin: { email: boot.admin.email, ...(password ? { password } : {}), passwordGenerated: Boolean(boot.admin.generatedPassword) },
      firstStart: boot.admin.created,
      children,
      stop,
    };
  } catch (error) {
    await stop().catch((stopError: unknown) => log(`while stopping after a failed start: ${String(stopError)}`));
    throw error;
  }
}
