// IndexedPath, the distinct (object, path) keys of the file index that search walks (search.ts),
// kept in step with IndexedFile: the index upload adds a snapshot's new paths (addSnapshotPaths, in
// its transaction), forgetting snapshots removes the paths no remaining snapshot holds
// (forgetSnapshotIndexes). Both take a per-object advisory lock around their IndexedPath writes, so
// a prune never removes a path that an upload of the same object is adding, and two uploads of one
// object never wait on each other's inserted keys in opposite orders (a deadlock). Each first
// changes IndexedFile, then takes the lock: one order everywhere.
import type pg from "pg";
import { Prisma } from "../../generated/prisma/client.ts";
import type { EngineContext } from "../../context.ts";

/** First key of the two-key advisory locks on one object's IndexedPath rows (arbitrary constant). */
const PATH_LOCK = 72_707_370;
const lockObject = (objectId: bigint) => Prisma.sql`SELECT pg_advisory_xact_lock(${PATH_LOCK}, ${Number(objectId % 2_147_483_647n)}::int)`;

/**
 * Inside the upload's transaction, after the snapshot's rows were copied: adds the paths of the
 * snapshot that IndexedPath lacks. When the upload replaced an earlier index of the same snapshot
 * (`replaced`), paths only that earlier index had are removed too.
 */
export async function addSnapshotPaths(client: pg.Client, snapshot: { id: bigint; objectId: bigint }, tenantId: string, replaced: boolean) {
  await client.query(`SELECT pg_advisory_xact_lock($1, $2::int)`, [PATH_LOCK, Number(snapshot.objectId % 2_147_483_647n)]);
  await client.query(
    `INSERT INTO "IndexedPath" ("tenantId", path, "objectId")
     SELECT "tenantId", path, "objectId" FROM "IndexedFile" WHERE "snapshotId" = $1
     ON CONFLICT DO NOTHING`,
    [snapshot.id.toString()],
  );
  if (replaced) {
    await client.query(
      `DELETE FROM "IndexedPath" p WHERE p."tenantId" = $1 AND p."objectId" = $2
       AND NOT EXISTS (SELECT 1 FROM "IndexedFile" f WHERE f."tenantId" = p."tenantId" AND f.path = p.path AND f."objectId" = p."objectId")`,
      [tenantId, snapshot.objectId.toString()],
    );
  }
}

/**
 * Deletes the file index of forgotten snapshots (it would point at data that no longer exists) and
 * the IndexedPath keys that no other snapshot holds any more.
 */
export async function forgetSnapshotIndexes(db: EngineContext["db"], snapshotIds: bigint[]): Promise<void> {
  if (snapshotIds.length === 0) return;
  const ids = Prisma.join(snapshotIds);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`CREATE TEMP TABLE forgotten_path ("tenantId" text, path text, "objectId" bigint) ON COMMIT DROP`;
      await tx.$executeRaw`
        WITH gone AS (DELETE FROM "IndexedFile" WHERE "snapshotId" IN (${ids}) RETURNING "tenantId", path, "objectId")
        INSERT INTO forgotten_path SELECT DISTINCT "tenantId", path, "objectId" FROM gone`;
      const objects = await tx.$queryRaw<{ objectId: bigint }[]>`SELECT DISTINCT "objectId" FROM forgotten_path ORDER BY 1`;
      for (const o of objects) await tx.$executeRaw(lockObject(o.objectId));
      await tx.$executeRaw`
        DELETE FROM "IndexedPath" p USING forgotten_path g
        WHERE p."tenantId" = g."tenantId" AND p.path = g.path AND p."objectId" = g."objectId"
          AND NOT EXISTS (SELECT 1 FROM "IndexedFile" f WHERE f."tenantId" = p."tenantId" AND f.path = p.path AND f."objectId" = p."objectId")`;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
