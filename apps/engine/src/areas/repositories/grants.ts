// Read-only gateway credentials for one task on another host's repository (a restore or a
// download onto another host). A grant is valid while its task has not ended and never longer
// than GRANT_TTL_MS; only its sha256 is stored.
import { randomSecret, sha256Hex } from "../../auth/tokens.ts";
import type { EngineContext } from "../../context.ts";

export const GRANT_PREFIX = "lbrg_";
const GRANT_TTL_MS = 24 * 3600_000;

export async function createReadGrant(engine: EngineContext, repositoryId: string, taskId: bigint): Promise<string> {
  const token = `${GRANT_PREFIX}${randomSecret(32)}`;
  await engine.db.repositoryGrant.create({
    data: { repositoryId, taskId, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + GRANT_TTL_MS) },
  });
  return token;
}

/** Grants of ended tasks and expired ones go (the sweep calls this; validity is checked per request anyway). */
export async function purgeGrants(engine: EngineContext): Promise<number> {
  const { count } = await engine.db.repositoryGrant.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
