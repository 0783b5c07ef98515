// The whole Lifeboat stack on one machine: database (embedded or DATABASE_URL), portal migrations
// and first-start bootstrap, the engine, a local agent and the portal (apps/web/server.ts).
import fs from "node:fs/promises";
import path from "node:path";
import type { Child, ChildExit } from "./children.ts";
import { openDatabases } from "./databases.ts";
import { loadStackSecrets } from "./secrets.ts";
import { preparePortalDatabase, spawnEngine, spawnLocalAgent, spawnPortal, withoutSecrets, type ChildSettings } from "./services.ts";

export interface StartStackOptions {
  /** Folder for the embedded cluster, secrets.json, engine data and agent state (`.lifeboat/`). */
  dataDir: string;
  /** Portal database; an embedded cluster under dataDir is used when omitted. */
  databaseUrl?: string | undefined;
  /** Portal port (apps/web/server.ts). */
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
  /** Stops the children (newest first), then the embedded database. */
  stop(): Promise<void>;
}

export async function startStack(options: StartStackOptions): Promise<Stack> {
  const env = { ...process.env, ...options.env };
  const log = options.log ?? ((line: string) => console.log(line));
  const settings: ChildSettings = {
    env: withoutSecrets(env),
    log,
    onUnexpectedExit:
      options.onUnexpectedExit ??
      ((exit) => log(`!!! ${exit.name} exited unexpectedly (code ${String(exit.code)}, signal ${String(exit.signal)}); see its output above`)),
  };
  const dataDir = path.resolve(options.dataDir);
  // 0711: when root, the embedded cluster's `postgres` OS user must pass through this folder.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });

  const children: Child[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const child of children.splice(0).reverse()) await child.stop();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    const secrets = await loadStackSecrets(dataDir, env);
    const databases = await openDatabases({ dataDir, databaseUrl: options.databaseUrl, engineDatabaseUrl: env.ENGINE_DATABASE_URL });
    cleanups.push(databases.stop);
    log(`database: ${databases.embedded ? `embedded PostgreSQL in ${path.join(dataDir, "postgres")}` : "DATABASE_URL"}`);

    const engineUrl = `http://127.0.0.1:${options.enginePort}`;
    const tenantId = env.ENGINE_BOOTSTRAP_TENANT_ID || "default/";
    const engineAccess = { url: engineUrl, apiKey: secrets.engineApiKey, tenantId };
    const boot = await preparePortalDatabase({ databaseUrl: databases.portalUrl, secret: secrets.lifeboatSecret, env, engine: engineAccess });

    children.push(
      await spawnEngine(settings, {
        port: options.enginePort,
        databaseUrl: databases.engineUrl,
        dataDir: path.join(dataDir, "engine"),
        apiKey: secrets.engineApiKey,
        tenantId,
        publicUrl: env.ENGINE_PUBLIC_URL || engineUrl,
      }),
    );
    if (options.agent !== false) {
      children.push(await spawnLocalAgent(settings, { engineUrl, apiKey: secrets.engineApiKey, tenantId, stateDir: path.join(dataDir, "agent") }));
    }
    const portalUrl = `http://localhost:${options.port}`;
    if (options.web !== false) {
      children.push(
        await spawnPortal(settings, {
          port: options.port,
          databaseUrl: databases.portalUrl,
          lifeboatSecret: secrets.lifeboatSecret,
          nextauthSecret: secrets.nextauthSecret,
          nextauthUrl: env.NEXTAUTH_URL || portalUrl,
          oidcClientSecret: env.OIDC_CLIENT_SECRET,
        }),
      );
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
