// Entry point of the agent (source: `tsx apps/agent/src/main.ts`; installed: `node
// <home>/current/lifeboat-agent.mjs`). Environment: see apps/agent/README.md.
//
// Exit codes: 0 removed by the engine or stopped by a signal; 75 restart into the upgraded
// version (only when AGENT_SUPERVISED=1: the service wrapper restarts `current`); 78 bad
// configuration (the systemd unit does not restart it); 1 unexpected failure.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runAgent } from "./agent-loop.ts";
import { AgentConfigError, agentEnv } from "./env.ts";
import { createLogger, errorMessage } from "./log.ts";
import { AGENT_VERSION } from "./version.ts";

const RESTART_EXIT_CODE = 75;
const CONFIG_EXIT_CODE = 78;

const USAGE = `lifeboat-agent ${AGENT_VERSION}
Usage: lifeboat-agent [--version | --help]
Environment: AGENT_ENGINE_URL (required on first start), AGENT_REGISTRATION_TOKEN (first start),
AGENT_STATE_DIR (default ~/.lifeboat-agent), AGENT_HOST_NAME, AGENT_HOME, AGENT_SUPERVISED, AGENT_RESTIC_BIN,
AGENT_RESTIC_CPUS, AGENT_MAX_TASKS (default 2), AGENT_DOWNLOAD_CACHE_MB (default 2048),
AGENT_DOWNLOAD_CACHE_IDLE_SECS (default 600)`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--version")) {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  if (args.includes("--help") || args.length > 0) {
    (args.includes("--help") ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return args.includes("--help") ? 0 : 2;
  }

  const log = createLogger();
  log.redact(process.env.AGENT_REGISTRATION_TOKEN);
  const controller = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      log.info(`received ${sig}; stopping`);
      controller.abort();
    });
  }
  try {
    const env = agentEnv(process.env, fileURLToPath(import.meta.url));
    log.info(
      `lifeboat agent ${AGENT_VERSION} starting (node ${process.versions.node}, state ${env.stateDir}, home ${env.agentHome})`,
    );
    const exit = await runAgent({ env, log, signal: controller.signal });
    if (exit.reason !== "upgraded") return 0;
    if (env.supervised) {
      log.info(`exiting with code ${RESTART_EXIT_CODE} so the service restarts into version ${exit.version}`);
      return RESTART_EXIT_CODE;
    }
    log.info(`restarting into version ${exit.version} (${exit.entry})`);
    return await execInto(exit.entry);
  } catch (error) {
    if (error instanceof AgentConfigError) {
      log.error(error.message);
      return CONFIG_EXIT_CODE;
    }
    log.error(`agent failed: ${errorMessage(error)}`);
    return 1;
  }
}

/**
 * Node cannot exec(2) in place, so an unsupervised agent runs the new version as a child with the
 * same stdio and environment and mirrors its exit: whoever started this process (a shell, a
 * test) keeps one pid to watch and signal.
 */
function execInto(entry: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { stdio: "inherit", env: process.env });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    process.removeAllListeners("SIGTERM").removeAllListeners("SIGINT");
    process.on("SIGTERM", forward("SIGTERM")).on("SIGINT", forward("SIGINT"));
    child.on("error", () => resolve(1));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`agent failed: ${errorMessage(error)}\n`);
    process.exit(1);
  },
);
