// The agent's environment contract (see apps/agent/README.md), validated once at start so a bad
// value fails with a message naming the variable instead of a crash deep in the loop.
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://127.0.0.1:4000" })
  .transform((u) => u.replace(/\/+$/, ""));

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const AgentEnvSchema = z.object({
  AGENT_ENGINE_URL: httpUrl.optional(),
  AGENT_REGISTRATION_TOKEN: z.string().trim().min(1).max(4096).optional(),
  AGENT_STATE_DIR: z.string().min(1).optional(),
  AGENT_HOST_NAME: z.string().trim().min(1).max(255).optional(),
  AGENT_HOME: z.string().min(1).optional(),
  /** Set by the installed service wrapper: after an upgrade, exit with RESTART_EXIT_CODE. */
  AGENT_SUPERVISED: flag,
  AGENT_RESTIC_BIN: z.string().min(1).default("restic"),
  /** CPUs restic may use (its GOMAXPROCS): the agent shares the host with its workload. */
  AGENT_RESTIC_CPUS: z.coerce.number().int().min(1).max(1024).optional(),
  /** Data tasks that run at once; more wait in a queue. */
  AGENT_MAX_TASKS: z.coerce.number().int().min(1).max(64).default(2),
  /** Disk cache of files dumped for ranged downloads (MiB; 0 turns it off). */
  AGENT_DOWNLOAD_CACHE_MB: z.coerce.number().int().min(0).max(16 * 1024 * 1024).default(2048),
  /** A cached download nobody read for this long is deleted. */
  AGENT_DOWNLOAD_CACHE_IDLE_SECS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(600),
});

export interface AgentEnv {
  engineUrl: string | undefined;
  registrationToken: string | undefined;
  stateDir: string;
  hostName: string | undefined;
  /** Root of `versions/<version>` and the `current` symlink. */
  agentHome: string;
  supervised: boolean;
  resticBin: string;
  resticCpus: number | undefined;
  maxTasks: number;
  downloadCacheBytes: number;
  downloadCacheIdleMs: number;
}

export class AgentConfigError extends Error {
  override name = "AgentConfigError";
}

/**
 * Reads the env. `scriptPath` is the running entry file: an installed agent runs from
 * `<home>/versions/<version>/lifeboat-agent.mjs`, so its home is found without configuration.
 */
export function agentEnv(env: NodeJS.ProcessEnv = process.env, scriptPath?: string): AgentEnv {
  // Empty strings (e.g. `AGENT_REGISTRATION_TOKEN=` in an env file) mean "unset".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = AgentEnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`);
    throw new AgentConfigError(`invalid agent environment: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const stateDir = path.resolve(e.AGENT_STATE_DIR ?? path.join(os.homedir(), ".lifeboat-agent"));
  return {
    engineUrl: e.AGENT_ENGINE_URL,
    registrationToken: e.AGENT_REGISTRATION_TOKEN,
    stateDir,
    hostName: e.AGENT_HOST_NAME,
    agentHome: path.resolve(e.AGENT_HOME ?? installedHome(scriptPath) ?? stateDir),
    supervised: e.AGENT_SUPERVISED,
    resticBin: e.AGENT_RESTIC_BIN,
    resticCpus: e.AGENT_RESTIC_CPUS,
    maxTasks: e.AGENT_MAX_TASKS,
    downloadCacheBytes: e.AGENT_DOWNLOAD_CACHE_MB * 1024 * 1024,
    downloadCacheIdleMs: e.AGENT_DOWNLOAD_CACHE_IDLE_SECS * 1000,
  };
}

function installedHome(scriptPath: string | undefined): string | undefined {
  if (!scriptPath) return undefined;
  const versionsDir = path.dirname(path.dirname(scriptPath));
  return path.basename(versionsDir) === "versions" ? path.dirname(versionsDir) : undefined;
}
