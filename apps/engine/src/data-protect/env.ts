// Settings of engine part 2 (runs, snapshots, recoveries), read once when the server is built.
// They sit beside the part-1 env (src/env.ts) and share ENGINE_DATA_DIR with it.
import { z } from "zod";

const DataProtectEnvSchema = z.object({
  ENGINE_DATA_DIR: z.string().min(1).default("./.lifeboat/engine"),
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
  /** How often the scheduler, the watchdog and retention look for work. */
  ENGINE_SCHEDULER_INTERVAL_SECS: z.coerce.number().int().min(1).max(3600).default(15),
});
export type DataProtectEnv = z.infer<typeof DataProtectEnvSchema>;

export function dataProtectEnv(source: NodeJS.ProcessEnv = process.env): DataProtectEnv {
  const parsed = DataProtectEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`invalid engine environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
