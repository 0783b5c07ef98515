// The whole Lifeboat stack on one machine: database (embedded or DATABASE_URL), portal migrations
// and first-start bootstrap, the engine, a local agent and the portal (apps/web/server.ts).
import fs from "node:fs/promises";
import path from "node:path";
import type { ChildExit } from "./children.ts";
import { openDatabases } from "./databases.ts";
import { loadStackSecrets } from "./secrets.ts";
import { agentExitDescription, preparePortalDatabase, spawnEngine, spawnLocalAgent, spawnPortal, withoutSecrets, type ChildSettings } from "./services.ts";
import { supervise, type RestartPolicy, type Supervised } from "./supervisor.ts";

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
  /** A child exited without stop() asking (it is restarted; the launcher logs that). */
  onUnexpectedExit?: (exit: ChildExit) => void;
  /**
   * A part of the stack crashed again and again (more than `restartPolicy.maxRestarts` restarts
   * within its window) and is no longer restarted; `message` is already logged. Default: nothing
   * more (the CLI stops the stack unless it is the agent).
   */
  onGiveUp?: (name: string, message: string) => void;
  /** Restart policy of the supervised parts (default: 5 restarts in 2 minutes, backoff 1 s … 30 s). */
  restartPolicy?: Partial<RestartPolicy>;
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
  /** The supervised parts: engine, agent, portal (each restarted when it dies). */
  children: Supervised[];
  /** The supervised embedded PostgreSQL (null with DATABASE_URL). */
  database: Supervised | null;
  /** Stops the children (newest first), then the embedded database. */
  stop(): Promise<void>;
}

export async function startStack(options: StartStackOptions): Promise<Stack> {
  const env = { ...process.env, ...options.env };
  const log = options.log ?? ((line: string) => console.log(line));
  // Children report their exits to the supervisor only; it logs them and restarts.
  const settings: ChildSettings = { env: withoutSecrets(env), log };
  const supervised = (name: string, start: Parameters<typeof supervise>[0]["start"], describeExit?: (exit: ChildExit) => string | null) =>
    supervise({
      name,
      start,
      log,
      policy: options.restartPolicy,
      onUnexpectedExit: options.onUnexpectedExit,
      describeExit,
      onGiveUp: (message) => options.onGiveUp?.(name, message),
    });
  const dataDir = path.resolve(options.dataDir);
  // 0711: when root, the embedded cluster's `postgres` OS user must pass through this folder.
  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });

  const children: Supervised[] = [];
  let database: Supervised | null = null;
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Ctrl-C reaches every child at once: no restarts while the stack goes down.
    for (const child of children) child.halt();
    database?.halt();
    for (const child of children.splice(0).reverse()) await child.stop();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    const secrets = await loadStackSecrets(dataDir, env);
    const databases = await openDatabases({
      dataDir,
      databaseUrl: options.databaseUrl,
      engineDatabaseUrl: env.ENGINE_DATABASE_URL,
      log,
      restartPolicy: options.restartPolicy,
      onUnexpectedExit: options.onUnexpectedExit,
      onGiveUp: (message) => options.onGiveUp?.("embedded PostgreSQL", message),
    });
    database = databases.server;
    cleanups.push(databases.stop);
    log(`database: ${databases.embedded ? `embedded PostgreSQL in ${path.join(dataDir, "postgres")}` : "DATABASE_URL"}`);

    const engineUrl = `http://127.0.0.1:${options.enginePort}`;
    const tenantId = env.ENGINE_BOOTSTRAP_TENANT_ID || "default/";
    const engineAccess = { url: engineUrl, apiKey: secrets.engineApiKey, tenantId };
    const boot = await preparePortalDatabase({ databaseUrl: databases.portalUrl, secret: secrets.lifeboatSecret, env, engine: engineAccess });

    children.push(
      await supervised("engine", () =>
        spawnEngine(settings, {
          port: options.enginePort,
          databaseUrl: databases.engineUrl,
          dataDir: path.join(dataDir, "engine"),
          apiKey: secrets.engineApiKey,
          tenantId,
          publicUrl: env.ENGINE_PUBLIC_URL || engineUrl,
        }),
      ),
    );
    if (options.agent !== false) {
      // Every (re)start takes a fresh registration token (and recreates the "local" connection when
      // it is gone): an agent whose registration was deleted registers again.
      const agentAccess = { engineUrl, apiKey: secrets.engineApiKey, tenantId, stateDir: path.join(dataDir, "agent") };
      children.push(await supervised("agent", () => spawnLocalAgent(settings, agentAccess), agentExitDescription));
    }
    const portalUrl = `http://localhost:${options.port}`;
    if (options.web !== false) {
      children.push(
        await supervised("portal", () =>
          spawnPortal(settings, {
            port: options.port,
            databaseUrl: databases.portalUrl,
            lifeboatSecret: secrets.lifeboatSecret,
            nextauthSecret: secrets.nextauthSecret,
            nextauthUrl: env.NEXTAUTH_URL || portalUrl,
            oidcClientSecret: env.OIDC_CLIENT_SECRET,
          }),
        ),
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
      database,
      stop,
    };
  } catch (error) {
    await stop().catch((stopError: unknown) => log(`while stopping after a failed start: ${String(stopError)}`));
    throw error;
  }
}
