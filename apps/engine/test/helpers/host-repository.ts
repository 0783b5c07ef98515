// Where a host's backups are, for tests that inspect them with restic itself: each protected host
// has its own repository (engine table "Repository", its storage and password sealed with the
// engine's secret). Read the way the engine reads it — the engine's database and its secret — so a
// test opens exactly what the engine and the host's agent use. One helper for the whole engine test
// tree (stack.ts, the fault suite, the benches).
import pg from "pg";
import { HostStorageSchema } from "../../src/areas/repositories/host-storage.ts";
import { RepositoryConfigSchema } from "../../src/areas/storage/storage-targets.ts";
import { createSecretBox, loadSecretKey } from "../../src/secret-box.ts";

/** How a test reaches an engine's sealed rows: its database, data dir and ENGINE_SECRET (undefined = the generated one in the data dir). */
export interface EngineSecrets {
  databaseUrl: string;
  dataDir: string;
  secret?: string;
}

/** A host repository on local storage: `restic -r <path>` with `RESTIC_PASSWORD=<password>` opens it. */
export interface HostRepository {
  repositoryId: string;
  path: string;
  password: string;
}

/**
 * Host `hostObjectId`'s repository (the kHost source id a physical registration answers). Throws
 * when the host has none yet (no backup was started) or when it is not on local storage.
 */
export async function hostRepository(engine: EngineSecrets, hostObjectId: number | bigint): Promise<HostRepository> {
  const row = await firstRow<{ id: string; storageEnc: string; passwordEnc: string }>(engine, `SELECT id, "storageEnc", "passwordEnc" FROM "Repository" WHERE "objectId" = $1`, [String(hostObjectId)]);
  if (!row) throw new Error(`host ${hostObjectId} has no repository yet (no backup of it was started)`);
  const box = createSecretBox(await loadSecretKey(engine.dataDir, engine.secret));
  const storage = HostStorageSchema.parse(JSON.parse(box.open(row.storageEnc)));
  if (storage.kind !== "local") throw new Error(`host ${hostObjectId}'s repository is on ${storage.kind} storage, not a local folder`);
  return { repositoryId: row.id, path: storage.path, password: box.open(row.passwordEnc) };
}

/**
 * The tenant's former shared repository (the storage target's root, where backups went before
 * host repositories and still go with ENGINE_HOST_REPOSITORIES=off), on local storage.
 */
export async function tenantSharedRepository(engine: EngineSecrets, tenantId: string): Promise<{ path: string; password: string }> {
  const row = await firstRow<{ configEnc: string; passwordEnc: string }>(engine, `SELECT "configEnc", "passwordEnc" FROM "StorageTarget" WHERE "tenantId" = $1`, [tenantId]);
  if (!row) throw new Error(`tenant ${tenantId} has no storage target yet (no backup ran)`);
  const box = createSecretBox(await loadSecretKey(engine.dataDir, engine.secret));
  const config = RepositoryConfigSchema.parse(JSON.parse(box.open(row.configEnc)));
  if (config.kind !== "local") throw new Error(`tenant ${tenantId}'s storage target is ${config.kind}, not a local folder`);
  return { path: config.path, password: box.open(row.passwordEnc) };
}

async function firstRow<T extends pg.QueryResultRow>(engine: EngineSecrets, sql: string, params: unknown[]): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: engine.databaseUrl });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows[0];
  } finally {
    await client.end().catch(() => undefined);
  }
}
