import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const engineMain = path.join(repoRoot, "apps/engine/src/main.ts");
export const agentMain = path.join(repoRoot, "apps/agent/src/main.ts");
export const webDir = path.join(repoRoot, "apps/web");
/** Default data folder of `npm start` (git-ignored). */
export const defaultDataDir = path.join(repoRoot, ".lifeboat");

/** True when `next build` has produced apps/web/.next (what `next start` serves). */
export function webIsBuilt(): boolean {
  return fs.existsSync(path.join(webDir, ".next", "BUILD_ID"));
}
