// `tsx packages/launcher/src/cli.ts start` (root `npm start`): the whole stack in one command.
//   --data-dir <dir>   default <repo>/.lifeboat (or LIFEBOAT_DATA_DIR)
//   --no-web           skip the portal (when apps/web has not been built)
//   --no-agent         skip the local agent
// Env: DATABASE_URL, PORT (3000), ENGINE_PORT (4000), LIFEBOAT_ADMIN_EMAIL/_PASSWORD, and the
// engine/portal variables they pass on (see the README).
import path from "node:path";
import { defaultDataDir } from "./paths.ts";
import { startStack, type Stack } from "./stack.ts";

const USAGE = "usage: tsx packages/launcher/src/cli.ts start [--data-dir <dir>] [--no-web] [--no-agent]";

function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number 1-65535 (got "${value}")`);
  return port;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "start") {
    console.error(USAGE);
    return command === undefined || command === "--help" ? 0 : 2;
  }
  let dataDir = process.env.LIFEBOAT_DATA_DIR || defaultDataDir;
  let web = true;
  let agent = true;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--data-dir" && rest[i + 1]) dataDir = rest[++i]!;
    else if (arg === "--no-web") web = false;
    else if (arg === "--no-agent") agent = false;
    else {
      console.error(`unknown argument ${String(arg)}\n${USAGE}`);
      return 2;
    }
  }
  const port = parsePort("PORT", process.env.PORT, 3000);
  const enginePort = parsePort("ENGINE_PORT", process.env.ENGINE_PORT, 4000);

  let stack: Stack | null = null;
  let stopping: Promise<void> | null = null;
  let exitCode = 0;
  const shutdown = (reason: string, code: number) => {
    exitCode = Math.max(exitCode, code);
    stopping ??= (async () => {
      console.log(`lifeboat: ${reason}; stopping…`);
      await stack?.stop();
      console.log("lifeboat: stopped");
    })();
    return stopping;
  };
  process.on("SIGINT", () => void shutdown("interrupted", 0).then(() => process.exit(exitCode)));
  process.on("SIGTERM", () => void shutdown("terminated", 0).then(() => process.exit(exitCode)));

  console.log(`lifeboat: starting (data in ${path.resolve(dataDir)})`);
  stack = await startStack({
    dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
    port,
    enginePort,
    web,
    agent,
    onUnexpectedExit: (exit) => {
      const how = `code ${String(exit.code)}, signal ${String(exit.signal)}`;
      if (exit.name === "agent") {
        // The agent exits 0 when the engine removed it; the rest of the stack stays useful.
        console.error(`\n!!! lifeboat: the local agent exited (${how}); backups of this machine stop until the next start\n`);
        return;
      }
      console.error(`\n!!! lifeboat: the ${exit.name} exited unexpectedly (${how}); its output is above. Stopping.\n`);
      void shutdown(`${exit.name} died`, 1).then(() => process.exit(exitCode));
    },
  });
  if (stopping) return exitCode; // interrupted while starting

  const lines = [
    "",
    "  Lifeboat is running.",
    web ? `  Portal:   ${stack.portalUrl}` : "  Portal:   not started (--no-web)",
    `  Engine:   ${stack.engineUrl}`,
    `  Sign in:  ${stack.admin.email}`,
    stack.admin.passwordGenerated
      ? `  Password: ${stack.admin.password}   <- generated now and shown only this once: note it, then change it`
      : stack.admin.password
        ? "  Password: the one in LIFEBOAT_ADMIN_PASSWORD"
        : "  Password: the one from the first start",
    "  Stop with Ctrl-C.",
    "",
  ];
  console.log(lines.join("\n"));
  await new Promise(() => {}); // run until a signal or a dying child ends the process
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`lifeboat: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
