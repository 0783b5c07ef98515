// The engine's process environment, validated once at start (cross-team contract in the brief).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const EnvSchema = z.object({
  ENGINE_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  ENGINE_HOST: z.string().min(1).default("0.0.0.0"),
  ENGINE_DATABASE_URL: z.string().url().optional(),
  ENGINE_DATA_DIR: z.string().min(1).default("./.lifeboat/engine"),
  ENGINE_BOOTSTRAP_API_KEY: z.string().min(16, "ENGINE_BOOTSTRAP_API_KEY must be at least 16 characters").optional(),
  ENGINE_BOOTSTRAP_TENANT_ID: z.string().min(1).max(128).default("default/"),
  ENGINE_PUBLIC_URL: z.string().url().optional(),
  ENGINE_AGENT_PACKAGE_DIR: z.string().min(1).default(path.join(repoRoot, "apps/agent/dist")),
  ENGINE_TOKEN_TTL_SECS: z.coerce.number().int().min(1).max(86_400).default(3600),
  /** How long after the last heartbeat a connector shows as disconnected. */
  ENGINE_AGENT_OFFLINE_SECS: z.coerce.number().int().min(5).max(3600).default(45),
  ENGINE_HEARTBEAT_INTERVAL_SECS: z.coerce.number().int().min(1).max(600).default(15),
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
