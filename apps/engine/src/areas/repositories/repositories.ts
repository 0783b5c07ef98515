// One restic repository per protected host. A row is made when a host's first backup is started
// (its place below the tenant's storage target, a random password, both sealed), and the engine
// runs `restic init` on the storage itself before the first command that uses it goes out: agents
// can never create or re-key a repository through the gateway.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRestic, type Restic } from "@lifeboat/restic";
import type { EngineContext } from "../../context.ts";
import type { Repository } from "../../generated/prisma/client.ts";
import { tenantRepository } from "../storage/storage-targets.ts";
import { HostStorageSchema, hostStorageBelow, type HostStorage } from "./host-storage.ts";

export const REPOSITORY_ID = /^[0-9a-f]{32}$/;

/** The host's repository, made on first use; null when the tenant's target cannot hold host repositories (sftp). */
export async function ensureHostRepository(engine: EngineContext, tenantId: string, objectId: bigint): Promise<Repository | null> {
  const existing = await engine.db.repository.findUnique({ where: { objectId } });
  if (existing) return existing;
  const target = await tenantRepository(engine, tenantId);
  const id = randomBytes(16).toString("hex");
  const storage = hostStorageBelow(target.config, id);
  if (!storage) return null;
  await engine.db.repository.createMany({
    data: [
      {
        id,
        tenantId,
        objectId,
        kind: storage.kind,
        storageEnc: engine.secrets.seal(JSON.stringify(storage)),
        passwordEnc: engine.secrets.seal(randomBytes(32).toString("base64url")),
      },
    ],
    // Two runs starting at once: one row wins, both use it.
    skipDuplicates: true,
  });
  return engine.db.repository.findUniqueOrThrow({ where: { objectId } });
}

export interface OpenedRepository {
  row: Repository;
  storage: HostStorage;
  password: string;
}

export function openRepository(engine: EngineContext, row: Repository): OpenedRepository {
  return {
    row,
    storage: HostStorageSchema.parse(JSON.parse(engine.secrets.open(row.storageEnc))),
    password: engine.secrets.open(row.passwordEnc),
  };
}

/** restic run by the engine directly against the repository's storage (never through the gateway). */
export function engineRestic(engine: EngineContext, repo: OpenedRepository): Restic {
  return createRestic({
    repository: repo.storage,
    password: repo.password,
    binary: engine.config.resticBin,
    cacheDir: path.join(engine.config.dataDir, "restic-cache"),
  });
}

/** Runs `restic init` once (idempotent; restic's own config file is the marker). */
export async function ensureInitialized(engine: EngineContext, row: Repository): Promise<void> {
  if (row.initializedAt) return;
  await engineRestic(engine, openRepository(engine, row)).init();
  await engine.db.repository.update({ where: { id: row.id }, data: { initializedAt: new Date() } });
}

/**
 * The gateway URL of a repository as agents reach the engine: at `agentOrigin`, the address the
 * agent's own poll came in on (an agent in the compose network reaches `http://engine:4000`, one
 * elsewhere the public URL, one behind a proxy the proxy), else ENGINE_PUBLIC_URL.
 */
export function gatewayUrl(engine: EngineContext, repositoryId: string, agentOrigin?: string): string {
  return `${(agentOrigin ?? engine.config.publicUrl).replace(/\/+$/, "")}${REPOSITORY_GATEWAY_PREFIX}/${repositoryId}/`;
}

export const REPOSITORY_GATEWAY_PREFIX = "/repository/v1";
