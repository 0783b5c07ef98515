// `tsx packages/launcher/src/cli.ts <command>`:
//   start    the whole stack on this machine (root `npm start`)
//            [--data-dir <dir>] (default <repo>/.lifeboat or LIFEBOAT_DATA_DIR) [--no-web] [--no-agent]
//   portal   one docker-compose service: migrate + bootstrap the portal database, then the portal server (apps/web/server.ts over `next build`)
//   engine   one docker-compose service: create the engine database if missing, then the engine
//   agent    one docker-compose service: "local" connection + registration token, then the agent
// `start` supervises what it starts: a part that dies is restarted with backoff (and the console says
// so); a part that keeps crashing (5 restarts within 2 minutes) makes it give up loudly: the agent
// alone is then left stopped, anything else stops the stack (exit 1). The local agent is registered
// again when its registration is gone (`agent` does the same in compose).
// The portal and engine commands (compose services) exit non-zero when their child dies and leave
// restarting to compose. Every command stops its children on SIGINT/SIGTERM.
import path from "node:path";
import { ensureDatabase } from "@lifeboat/postgres";
import type { Child, ChildExit } from "./children.ts";
import { defaultDataDir } from "./paths.ts";
import { agentExitDescription, preparePortalDatabase, spawnEngine, spawnLocalAgent, spawnPortal, withoutSecrets, type ChildSettings } from "./services.ts";
import { startStack } from "./stack.ts";
import { supervise as superviseChild } from "./supervisor.ts";

const USAGE = "usage: tsx packages/launcher/src/cli.ts start [--data-dir <dir>] [--no-web] [--no-agent] | portal | engine | agent";
const env = process.env;

function required(name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function port(name: string, fallback: number): number {
  const value = env[name];
  if (!value) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) throw new Error(`${name} must be a port number 1-65535 (got "${value}")`);
  return parsed;
}

// Shutdown shared by all commands: one stop function, signals, and loud deaths of children.
let stopAll: () => Promise<void> = async () => {};
let stopping: Promise<void> | null = null;
let exitCode = 0;
function shutdown(reason: string, code: number): void {
  exitCode = Math.max(exitCode, code);
  stopping ??= (async () => {
    console.log(`lifeboat: ${reason}; stopping…`);
    await stopAll();
    console.log("lifeboat: stopped");
  })();
  void stopping.then(() => process.exit(exitCode));
}
process.on("SIGINT", () => shutdown("interrupted", 0));
process.on("SIGTERM", () => shutdown("terminated", 0));

function onUnexpectedExit(exit: ChildExit): void {
  // Ctrl-C reaches the children too (same process group): their exits are then expected.
  if (stopping) return;
  const how = `code ${String(exit.code)}, signal ${String(exit.signal)}`;
  console.error(`\n!!! lifeboat: the ${exit.name} exited unexpectedly (${how}); its output is above. Stopping.\n`);
  shutdown(`${exit.name} exited`, exit.code || 1);
}

/** `start`: a part of the stack that keeps crashing was given up (the message is logged already). */
function onGiveUp(name: string): void {
  if (stopping) return;
  if (name === "agent") {
    console.error("!!! lifeboat: backups of this machine stop until the local agent is started again (the rest keeps running)\n");
    return;
  }
  shutdown(`the ${name} keeps crashing`, 1);
}

const settings: ChildSettings = { env: withoutSecrets(env), log: (line) => console.log(line), onUnexpectedExit };

function supervise(children: Child[]): void {
  stopAll = async () => {
    for (const child of [...children].reverse()) await child.stop();
  };
}

function signInLines(admin: { email: string; generatedPassword?: string }, portalUrl: string): string[] {
  return [
    `  Portal:   ${portalUrl}`,
    `  Sign in:  ${admin.email}`,
    admin.generatedPassword
      ? `  Password: ${admin.generatedPassword}   <- generated now and shown only this once: note it, then change it`
      : env.LIFEBOAT_ADMIN_PASSWORD
        ? "  Password: the one in LIFEBOAT_ADMIN_PASSWORD at the first start"
        : "  Password: the one from the first start",
  ];
}

async function start(args: string[]): Promise<void> {
  let dataDir = env.LIFEBOAT_DATA_DIR || defaultDataDir;
  let web = true;
  let agent = true;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--data-dir" && args[i + 1]) dataDir = args[++i]!;
    else if (args[i] === "--no-web") web = false;
    else if (args[i] === "--no-agent") agent = false;
    else throw new Error(`unknown argument ${String(args[i])}\n${USAGE}`);
  }
  console.log(`lifeboat: starting (data in ${path.resolve(dataDir)})`);
  const stack = await startStack({
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    port: port("PORT", 3000),
    enginePort: port("ENGINE_PORT", 4000),
    web,
    agent,
    onGiveUp,
  });
  stopAll = stack.stop;
  const admin = { email: stack.admin.email, ...(stack.admin.passwordGenerated ? { generatedPassword: stack.admin.password } : {}) };
  console.log(
    ["", "  Lifeboat is running.", ...signInLines(admin, web ? stack.portalUrl : "not started (--no-web)"), `  Engine:   ${stack.engineUrl}`, "  Stop with Ctrl-C.", ""].join("\n"),
  );
}

async function portal(): Promise<void> {
  const databaseUrl = required("DATABASE_URL");
  const listenPort = port("PORT", 3000);
  await ensureDatabase(databaseUrl);
  // LIFEBOAT_ENGINE_URL: how the portal reaches the bundled engine (http://engine:4000 in compose).
  const engineUrl = env.LIFEBOAT_ENGINE_URL?.replace(/\/+$/, "");
  const engine = engineUrl ? { url: engineUrl, apiKey: required("ENGINE_BOOTSTRAP_API_KEY"), tenantId: env.ENGINE_BOOTSTRAP_TENANT_ID || "default/" } : null;
  const boot = await preparePortalDatabase({ databaseUrl, secret: required("LIFEBOAT_SECRET"), env, engine });
  const portalUrl = env.NEXTAUTH_URL || `http://localhost:${listenPort}`;
  const web = await spawnPortal(settings, {
    port: listenPort,
    databaseUrl,
    lifeboatSecret: required("LIFEBOAT_SECRET"),
    nextauthSecret: required("NEXTAUTH_SECRET"),
    nextauthUrl: portalUrl,
    oidcClientSecret: env.OIDC_CLIENT_SECRET,
  });
  supervise([web]);
  console.log(["", "  Lifeboat portal is running.", ...signInLines(boot.admin, portalUrl), ""].join("\n"));
}

async function engine(): Promise<void> {
  const databaseUrl = required("ENGINE_DATABASE_URL");
  await ensureDatabase(databaseUrl);
  const enginePort = port("ENGINE_PORT", 4000);
  const child = await spawnEngine(settings, {
    port: enginePort,
    databaseUrl,
    dataDir: env.ENGINE_DATA_DIR || path.join(defaultDataDir, "engine"),
    apiKey: required("ENGINE_BOOTSTRAP_API_KEY"),
    tenantId: env.ENGINE_BOOTSTRAP_TENANT_ID || "default/",
    publicUrl: env.ENGINE_PUBLIC_URL || `http://127.0.0.1:${enginePort}`,
  });
  supervise([child]);
}

async function agent(): Promise<void> {
  const engineUrl = required("AGENT_ENGINE_URL").replace(/\/+$/, "");
  // In compose the engine may still be starting: wait for it rather than failing the first try.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${engineUrl}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the engine at ${engineUrl} did not answer /healthz within 180 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const access = {
    engineUrl,
    apiKey: required("ENGINE_BOOTSTRAP_API_KEY"),
    tenantId: env.ENGINE_BOOTSTRAP_TENANT_ID || "default/",
    stateDir: env.AGENT_STATE_DIR || path.join(defaultDataDir, "agent"),
  };
  // Supervised like in `start`: a removed registration is replaced, a crash restarted; a crash loop
  // exits 1 (compose then restarts the container).
  const child = await superviseChild({
    name: "agent",
    start: () => spawnLocalAgent({ env: settings.env, log: settings.log }, access),
    log: (line) => console.log(line),
    describeExit: agentExitDescription,
    onGiveUp: () => shutdown("the agent keeps crashing", 1),
  });
  supervise([child]);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = { start: () => start(rest), portal, engine, agent };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(command === undefined || command === "--help" ? 0 : 2);
} else {
  // The children keep the process alive; a signal or a dying child ends it.
  run().catch((error: unknown) => {
    console.error(`lifeboat: could not ${command}: ${error instanceof Error ? error.message : String(error)}`);
    shutdown("start failed", 1);
  });
}
