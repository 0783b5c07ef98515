// The pieces of the stack, each usable alone: `startStack` runs them all on one machine, the
// docker-compose services run one each (`cli.ts portal`, `cli.ts agent`).
import fs from "node:fs/promises";
import path from "node:path";
import { bootstrapPortal, createDb, type BootstrapResult } from "@lifeboat/db";
import { migrateDatabase } from "@lifeboat/db/migrate";
import { spawnChild, waitForHttp, type Child, type ChildExit } from "./children.ts";
import { localRegistrationToken } from "./local-agent.ts";
import { agentMain, engineMain, repoRoot, webDir, webIsBuilt } from "./paths.ts";

export interface ChildSettings {
  /** Base environment of the child (secrets of other services already removed). */
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  onUnexpectedExit?: (exit: ChildExit) => void;
}

/**
 * The agent exits 0 when the engine no longer knows it (its connector was deleted, or the engine's
 * database was reset) after clearing its saved registration: the supervisor then starts it again
 * with a fresh registration token, which registers it anew.
 */
export function agentExitDescription(exit: ChildExit): string | null {
  if (exit.code === 0 && !exit.signal) return "exited because its registration is gone (connector deleted or engine reset); registering it again with a new token";
  return null;
}

/** Variables no child gets unless it needs them (each spawn adds back its own). */
const SECRET_VARIABLES = new Set(["LIFEBOAT_SECRET", "NEXTAUTH_SECRET", "ENGINE_BOOTSTRAP_API_KEY", "LIFEBOAT_ADMIN_PASSWORD", "OIDC_CLIENT_SECRET", "DATABASE_URL", "ENGINE_DATABASE_URL", "AGENT_REGISTRATION_TOKEN"]);

export function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !SECRET_VARIABLES.has(key)));
}

/** TypeScript entry points run in one node process with tsx's loader (no tsx wrapper process). */
function tsxArgs(file: string): string[] {
  return ["--import", "tsx", file];
}

/** Applies portal migrations and fills the first-start state (admin, Default workspace, engine). */
export async function preparePortalDatabase(options: {
  databaseUrl: string;
  secret: string;
  env: NodeJS.ProcessEnv;
  engine: { url: string; apiKey: string; tenantId: string } | null;
}): Promise<BootstrapResult> {
  await migrateDatabase(options.databaseUrl);
  const db = createDb(options.databaseUrl);
  try {
    const engine = options.engine;
    return await bootstrapPortal(db, {
      adminEmail: options.env.LIFEBOAT_ADMIN_EMAIL || undefined,
      adminPassword: options.env.LIFEBOAT_ADMIN_PASSWORD || undefined,
      engine: engine && { serviceUrl: `${engine.url}/v2`, iamTokenUrl: `${engine.url}/identity/token`, tenantId: engine.tenantId, apiKey: engine.apiKey },
      secret: options.secret,
    });
  } finally {
    await db.$disconnect();
  }
}

export async function spawnEngine(
  settings: ChildSettings,
  options: { port: number; databaseUrl: string; dataDir: string; apiKey: string; tenantId: string; publicUrl: string },
): Promise<Child> {
  await fs.access(engineMain).catch(() => {
    throw new Error(`${engineMain} is missing: is this a complete checkout?`);
  });
  const engine = spawnChild({
    name: "engine",
    command: process.execPath,
    args: tsxArgs(engineMain),
    cwd: repoRoot,
    env: {
      ...settings.env,
      ENGINE_PORT: String(options.port),
      ENGINE_DATABASE_URL: options.databaseUrl,
      ENGINE_DATA_DIR: options.dataDir,
      ENGINE_BOOTSTRAP_API_KEY: options.apiKey,
      ENGINE_BOOTSTRAP_TENANT_ID: options.tenantId,
      ENGINE_PUBLIC_URL: options.publicUrl,
    },
    log: settings.log,
    ...(settings.onUnexpectedExit ? { onUnexpectedExit: settings.onUnexpectedExit } : {}),
  });
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}/healthz`, engine, { timeoutMs: 120_000 });
  } catch (error) {
    await engine.stop();
    throw error;
  }
  return engine;
}

/**
 * Makes sure the engine has the "local" data-source connection, takes a registration token for it
 * and starts the agent. The agent keeps connectorId + agentToken in `stateDir`, so later starts
 * reuse its registration; the token only matters the first time.
 */
export async function spawnLocalAgent(
  settings: ChildSettings,
  options: { engineUrl: string; apiKey: string; tenantId: string; stateDir: string },
): Promise<Child> {
  const registration = await localRegistrationToken(options);
  return spawnChild({
    name: "agent",
    command: process.execPath,
    args: tsxArgs(agentMain),
    cwd: repoRoot,
    env: {
      ...settings.env,
      AGENT_ENGINE_URL: options.engineUrl,
      AGENT_REGISTRATION_TOKEN: registration.token,
      AGENT_STATE_DIR: options.stateDir,
    },
    log: settings.log,
    ...(settings.onUnexpectedExit ? { onUnexpectedExit: settings.onUnexpectedExit } : {}),
  });
}

/**
 * The portal: apps/web/server.ts (Next's handler behind a node:http server that passes the socket's
 * client address on; needs a `next build`); resolves once the port answers.
 */
export async function spawnPortal(
  settings: ChildSettings,
  options: { port: number; databaseUrl: string; lifeboatSecret: string; nextauthSecret: string; nextauthUrl: string; oidcClientSecret?: string | undefined },
): Promise<Child> {
  if (!webIsBuilt()) throw new Error(`${webDir}/.next is missing: build the portal first (npm run build)`);
  const web = spawnChild({
    name: "web",
    command: process.execPath,
    args: tsxArgs(path.join(webDir, "server.ts")),
    cwd: webDir,
    env: {
      ...settings.env,
      NODE_ENV: "production",
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      LIFEBOAT_SECRET: options.lifeboatSecret,
      NEXTAUTH_URL: options.nextauthUrl,
      NEXTAUTH_SECRET: options.nextauthSecret,
      ...(options.oidcClientSecret ? { OIDC_CLIENT_SECRET: options.oidcClientSecret } : {}),
    },
    log: settings.log,
    ...(settings.onUnexpectedExit ? { onUnexpectedExit: settings.onUnexpectedExit } : {}),
  });
  try {
    await waitForHttp(`http://127.0.0.1:${options.port}/`, web, { timeoutMs: 120_000, anyStatus: true });
  } catch (error) {
    await web.stop();
    throw error;
  }
  return web;
}
