// The agent's identity after registration, in `<stateDir>/state.json` (mode 0600: it holds the
// agent token). Written atomically (temp file + rename) so a crash never leaves half a file.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const AgentStateSchema = z.object({
  connectorId: z.string().min(1),
  connectionId: z.string().min(1),
  agentToken: z.string().min(1),
  engineUrl: z.string().min(1),
});
export type AgentState = z.infer<typeof AgentStateSchema>;

export function stateFilePath(stateDir: string): string {
  return path.join(stateDir, "state.json");
}

/** The saved state, or null when there is none. A corrupt file is an error naming the file. */
export async function loadState(stateDir: string): Promise<AgentState | null> {
  const file = stateFilePath(stateDir);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; delete it to register again`);
  }
  const parsed = AgentStateSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(", ");
    throw new Error(`${file} is missing or has invalid fields (${fields}); delete it to register again`);
  }
  return parsed.data;
}

export async function saveState(stateDir: string, state: AgentState): Promise<void> {
  await fs.mkdir(stateDir, { recursive: true, mode: 0o700 });
  const file = stateFilePath(stateDir);
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(AgentStateSchema.parse(state), null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode is filtered by the umask; make sure of 0600 before it becomes visible.
  await fs.chmod(tmp, 0o600);
  await fs.rename(tmp, file);
}

export async function clearState(stateDir: string): Promise<void> {
  await fs.rm(stateFilePath(stateDir), { force: true });
}
