// The storage target (restic repository) of each tenant. Default: a local repository under
// `<ENGINE_DATA_DIR>/repositories/<tenant>` with a random password, created on first use. An
// operator may point a tenant at SFTP or S3 instead (PUT /lifeboat/v1/storage-target). The config
// and password are stored sealed (AES-256-GCM) and leave the engine only inside a task command.
import { createHash, randomBytes } from "node:crypto";
import { statfs } from "node:fs/promises";
import path from "node:path";
import { LocalRepositorySchema, S3RepositorySchema, SftpRepositorySchema, type RepositoryConfig } from "@lifeboat/restic";
import { z } from "zod";
import type { EngineContext } from "../../context.ts";

/** Where a tenant's repositories live: a folder, a bucket (each host's below it), or sftp (one shared repository). */
export const RepositoryConfigSchema = z.discriminatedUnion("kind", [LocalRepositorySchema, SftpRepositorySchema, S3RepositorySchema]);
export interface TenantTarget {
  config: z.infer<typeof RepositoryConfigSchema>;
  password: string;
}

function defaultLocation(dataDir: string, tenantId: string): string {
  // Tenant ids contain "/" (e.g. "default/"): keep a readable name plus a hash against collisions.
  const readable = tenantId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 60);
  const hash = createHash("sha256").update(tenantId).digest("hex").slice(0, 8);
  return path.resolve(dataDir, "repositories", `${readable}-${hash}`);
}

/** The tenant's repository with its secrets, for a task command only. */
export async function tenantRepository(engine: EngineContext, tenantId: string): Promise<TenantTarget> {
  let row = await engine.db.storageTarget.findUnique({ where: { tenantId } });
  if (!row) {
    const config = { kind: "local" as const, path: defaultLocation(engine.config.dataDir, tenantId) };
    await engine.db.storageTarget.createMany({
      data: [{ tenantId, kind: "local", configEnc: engine.secrets.seal(JSON.stringify(config)), passwordEnc: engine.secrets.seal(randomBytes(32).toString("base64url")) }],
      skipDuplicates: true,
    });
    row = await engine.db.storageTarget.findUniqueOrThrow({ where: { tenantId } });
  }
  return {
    config: RepositoryConfigSchema.parse(JSON.parse(engine.secrets.open(row.configEnc))),
    password: engine.secrets.open(row.passwordEnc),
  };
}

/** What an operator may see of a target: where it is, never a credential. */
export function describeTarget(repo: { config: RepositoryConfig }) {
  const c = repo.config;
  if (c.kind === "local") return { kind: c.kind, path: c.path };
  if (c.kind === "sftp") return { kind: c.kind, host: c.host, port: c.port, user: c.user, path: c.path };
  if (c.kind === "rest") return { kind: c.kind, url: c.url };
  return { kind: c.kind, endpoint: c.endpoint, bucket: c.bucket, prefix: c.prefix, region: c.region };
}

export async function setTenantRepository(engine: EngineContext, tenantId: string, repo: TenantTarget): Promise<void> {
  const data = { kind: repo.config.kind, configEnc: engine.secrets.seal(JSON.stringify(repo.config)), passwordEnc: engine.secrets.seal(repo.password) };
  await engine.db.storageTarget.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
}

/** How full the storage under a target is; null where the engine cannot tell (a bucket, sftp). */
export interface StorageUsage {
  usedBytes: number;
  totalBytes: number;
}

/**
 * The file system of a local target (its nearest existing folder: a new tenant's folder appears
 * with its first backup): used and total bytes as `df` counts them (used = total − available to
 * the engine). Remote targets report no size through restic, so null.
 */
export async function storageUsage(config: RepositoryConfig): Promise<StorageUsage | null> {
  if (config.kind !== "local") return null;
  for (let dir = path.resolve(config.path); ; dir = path.dirname(dir)) {
    try {
      const fs = await statfs(dir);
      const total = fs.blocks * fs.bsize;
      return { usedBytes: total - fs.bavail * fs.bsize, totalBytes: total };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dir === path.dirname(dir)) return null;
    }
  }
}
