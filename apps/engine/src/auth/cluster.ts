// The installation's identity row (cluster id for colon ids, token signing key), created once.
import { randomInt } from "node:crypto";
import type { EngineDb } from "../db.ts";
import type { ClusterIdentity } from "../ids.ts";
import { randomSecret, sha256Hex } from "./tokens.ts";

export interface ClusterInfo extends ClusterIdentity {
  tokenSecret: string;
}

export async function ensureCluster(db: EngineDb): Promise<ClusterInfo> {
  // Cohesity cluster ids are large integers; incarnation ids too. Random ones per installation.
  await db.cluster.upsert({
    where: { id: 1 },
    update: {},
    create: {
      id: 1,
      clusterId: BigInt(randomInt(1_000_000, 2 ** 47)),
      incarnationId: BigInt(randomInt(1_000_000, 2 ** 47)),
      tokenSecret: randomSecret(48),
    },
  });
  const row = await db.cluster.findUniqueOrThrow({ where: { id: 1 } });
  return { clusterId: row.clusterId, incarnationId: row.incarnationId, tokenSecret: row.tokenSecret };
}

/** Ensure the bootstrap tenant and API key exist (ENGINE_BOOTSTRAP_API_KEY). */
export async function ensureBootstrapKey(db: EngineDb, tenantId: string, apiKey: string): Promise<void> {
  await db.tenant.upsert({ where: { id: tenantId }, update: {}, create: { id: tenantId } });
  const keyHash = sha256Hex(apiKey);
  const existing = await db.apiKey.findUnique({ where: { keyHash } });
  if (existing && existing.tenantId !== tenantId) {
    throw new Error("ENGINE_BOOTSTRAP_API_KEY already belongs to another tenant");
  }
  if (!existing) await db.apiKey.create({ data: { tenantId, keyHash, name: "bootstrap" } });
}
