// The engine's process environment: one schema, validated once in main.ts (or by whoever starts an
// engine in-process) and handed down as an EngineEnv. Nothing else in the engine reads process.env.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const EnvSchema = z.object({
  ENGINE_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  ENGINE_HOST: z.string().min(1).default("0.0.0.0"),
  ENGINE_DATABASE_URL: z.string().url().optional(),
  /** Embedded database, default repositories, download zips, the generated engine secret. */
  ENGINE_DATA_DIR: z.string().min(1).default("./.lifeboat/engine"),
  ENGINE_BOOTSTRAP_API_KEY: z.string().min(16, "ENGINE_BOOTSTRAP_API_KEY must be at least 16 characters").optional(),
  ENGINE_BOOTSTRAP_TENANT_ID: z.string().min(1).max(128).default("default/"),
  ENGINE_PUBLIC_URL: z.string().url().optional(),
  ENGINE_AGENT_PACKAGE_DIR: z.string().min(1).default(path.join(repoRoot, "apps/agent/dist")),
  ENGINE_TOKEN_TTL_SECS: z.coerce.number().int().min(1).max(86_400).default(3600),
  /** How long after the last heartbeat a connector shows as disconnected. */
  ENGINE_AGENT_OFFLINE_SECS: z.coerce.number().int().min(5).max(3600).default(45),
  ENGINE_HEARTBEAT_INTERVAL_SECS: z.coerce.number().int().min(1).max(600).default(15),
  ENGINE_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `ENGINE_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  /** Key material for secrets at rest (≥ 32 chars); unset → generated once under the data dir. */
  ENGINE_SECRET: z.string().min(32, "ENGINE_SECRET must be at least 32 characters").optional(),
  /** A task whose agent neither polls nor reports for this long is failed (dead agent). */
  ENGINE_TASK_TIMEOUT_SECS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** A task handed to an agent that never reports on it for this long is delivered again once, then failed. */
  ENGINE_TASK_DELIVERY_TIMEOUT_SECS: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * This engine process's own URL as its peers reach it (several engines on one database relay a
   * single-file download to the process holding the request); default: its listening address.
   */
  ENGINE_INTERNAL_URL: z.string().url("ENGINE_INTERNAL_URL must be a URL such as http://10.0.0.5:4000").optional(),
  /** How long GET /lifeboat/v1/sources/{id}/browse waits for the agent's folder listing. */
  ENGINE_BROWSE_TIMEOUT_SECS: z.coerce.number().int().min(1).max(120).default(15),
  /**
   * New backups go to each host's own repository behind the engine's gateway ("on", the default),
   * or — an escape hatch, e.g. while an agent fleet cannot reach the engine's gateway — to the
   * tenant's shared repository as before ("off"). Either way snapshots already taken stay where
   * they are and stay restorable (host repositories and the shared one alike).
   */
  ENGINE_HOST_REPOSITORIES: z.enum(["on", "off"], { error: "ENGINE_HOST_REPOSITORIES must be on or off" }).default("on"),
  /** restic for the engine's own work on host repositories (init, forget/prune, check, reconcile). */
  ENGINE_RESTIC_BIN: z.string().min(1).default("restic"),
  /** Each host repository is checked (`restic check`) this often. */
  ENGINE_REPOSITORY_CHECK_INTERVAL_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(168),
  /** `--read-data-subset` of the scheduled check (n/t, x% or a size; "" = structure only). */
  ENGINE_REPOSITORY_CHECK_READ_DATA_SUBSET: z
    .string()
    .regex(/^(|\d+\/\d+|\d+(\.\d+)?%|\d+[kKmMgGtT]?)$/, "ENGINE_REPOSITORY_CHECK_READ_DATA_SUBSET must be n/t, x% or a size such as 500M")
    .default("2%"),
  /** Each host repository's snapshots are reconciled with the engine's this often. */
  ENGINE_RECONCILE_INTERVAL_SECS: z.coerce.number().int().min(5).max(7 * 86_400).default(3600),
  /** How often the scheduler, the watchdog and retention look for work. */
  // A bearer token Prometheus may scrape GET /metrics with (every tenant), besides an IAM token (its tenant).
  LIFEBOAT_METRICS_TOKEN: z.string().min(16, "LIFEBOAT_METRICS_TOKEN must be at least 16 characters").optional(),
  ENGINE_SCHEDULER_INTERVAL_SECS: z.coerce.number().int().min(1).max(3600).default(15),
});

export type EngineEnv = z.infer<typeof EnvSchema>;

export function engineEnv(source: NodeJS.ProcessEnv = process.env): EngineEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    // Name the variable, never echo its value (it may be a secret).
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid engine environment: ${issues}`);
  }
  return parsed.data;
}
