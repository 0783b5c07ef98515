// The stack's generated secrets, kept in <dataDir>/secrets.json (mode 0600) so they survive
// restarts: losing LIFEBOAT_SECRET would make every stored upstream API key undecryptable, and a
// new NEXTAUTH_SECRET would sign everyone out. Values given in the environment win and are not
// written to the file.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { MIN_SECRET_LENGTH } from "@lifeboat/db";

export interface StackSecrets {
  lifeboatSecret: string;
  nextauthSecret: string;
  engineApiKey: string;
}

const FIELDS = {
  lifeboatSecret: "LIFEBOAT_SECRET",
  nextauthSecret: "NEXTAUTH_SECRET",
  engineApiKey: "ENGINE_BOOTSTRAP_API_KEY",
} as const satisfies Record<keyof StackSecrets, string>;

export async function loadStackSecrets(dataDir: string, env: NodeJS.ProcessEnv): Promise<StackSecrets> {
  const file = path.join(dataDir, "secrets.json");
  let stored: Partial<StackSecrets> = {};
  try {
    stored = JSON.parse(await fs.readFile(file, "utf8")) as Partial<StackSecrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`${file} is unreadable: ${(error as Error).message}`);
  }
  let changed = false;
  const secrets = {} as StackSecrets;
  for (const [field, variable] of Object.entries(FIELDS) as [keyof StackSecrets, string][]) {
    const value = env[variable] || stored[field];
    if (value) {
      secrets[field] = value;
    } else {
      secrets[field] = crypto.randomBytes(36).toString("base64url");
      stored[field] = secrets[field];
      changed = true;
    }
  }
  if (secrets.lifeboatSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`LIFEBOAT_SECRET is too short (${secrets.lifeboatSecret.length} characters): it must be at least ${MIN_SECRET_LENGTH}`);
  }
  if (secrets.engineApiKey.length < 16) throw new Error("ENGINE_BOOTSTRAP_API_KEY is too short: at least 16 characters");
  if (changed) {
    await fs.mkdir(dataDir, { recursive: true });
    // Write-then-rename so a crash never leaves a half-written file that loses the secrets.
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    await fs.rename(tmp, file);
  }
  await fs.chmod(file, 0o600).catch(() => {});
  return secrets;
}
