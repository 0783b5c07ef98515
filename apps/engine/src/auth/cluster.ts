// The installation's identity row (cluster id for colon ids, token signing key), created once.
import { randomInt, randomUUID } from "node:crypto";
import type { EngineDb } from "../db.ts";
import type { ClusterIdentity } from "../ids.ts";
import { randomSecret, sha256Hex } from "./tokens.ts";

export interface ClusterInfo extends ClusterIdentity {
  tokenSecret: string;
}

export async function ensureCluster(db: EngineDb): Promise<ClusterInfo> {
  // Cohesity cluster ids are large integers; incarnation ids too. Random ones per installation.
  // ON CONFLICT: several engine processes may start on a fresh database at once; the first wins.
  await db.$executeRaw`INSERT INTO "Cluster" (id, "clusterId", "incarnationId", "tokenSecret")
    VALUES (1, ${BigInt(randomInt(1_000_000, 2 ** 47))}, ${BigInt(randomInt(1_000_000, 2 ** 47))}, ${randomSecret(48)})
    ON CONFLICT (id) DO NOTHING`;
  const row = await db.cluster.findUniqueOrThrow({ where: { id: 1 } });
  return { clusterId: row.clusterId, incarnationId: row.incarnationId, tokenSecret: row.tokenSecret };
}

/** Ensure the bootstrap tenant and API key exist (ENGINE_BOOTSTRAP_API_KEY). */
export async function ensureBootstrapKey(db: EngineDb, tenantId: string, apiKey: string): Promise<void> {
  await db.$executeRaw`INSERT INTO "Tenant" (id) VALUES (${tenantId}) ON CONFLICT (id) DO NOTHING`;
  const keyHash = sha256Hex(apiKey);
  await db.$executeRaw`INSERT INTO "ApiKey" (id, "tenantId", name, "keyHash") VALUES (${randomUUID()}, ${tenantId}, 'bootstrap', ${keyHash})
    ON CONFLICT ("keyHash") DO NOTHING`;
  const key = await db.apiKey.findUniqueOrThrow({ where: { keyHash } });
  // Never silently move a key between tenants; say which variable to fix (not the key itself).
  if (key.tenantId !== tenantId) throw new Error("ENGINE_BOOTSTRAP_API_KEY already belongs to another tenant");
  if (key.revokedAt) throw new Error("ENGINE_BOOTSTRAP_API_KEY has been revoked; configure a new key");
}
