// One folder level of one snapshot from the file index (Lifeboat extension, GET
// /lifeboat/v1/objects/{objectId}/snapshots/{snapshotId}/files): the IndexedFile rows of the snapshot
// whose `dir` is the folder, in name order, paged by a keyset cursor (the last name sent). The index
// (snapshotId, dir, name) makes a page one ordered range scan that stops after `limit + 1` rows, so a
// page costs the same in a 10-entry or a 10,000-entry folder of a 1M-row index (bench/browse.ts).
import { snapshotFolderPath, SNAPSHOT_FOLDER_DEFAULT_PAGE, type SnapshotFolderPage, type SnapshotFolderQuery } from "@lifeboat/contracts";
import { Prisma } from "../../generated/prisma/client.ts";
import { EngineError, invalidField, notFound } from "../../errors.ts";
import type { EngineContext } from "../../context.ts";

const TYPE_OUT = { file: "File", dir: "Directory", symlink: "Symlink", other: "File" } as const;

const encodeCursor = (name: string) => Buffer.from(name, "utf8").toString("base64url");

/** The snapshot must be this tenant's, of this object, live and indexed; a 404/409 says which it is not. */
async function indexedSnapshot(engine: EngineContext, tenantId: string, objectId: bigint, snapshotId: bigint) {
  const snapshot = await engine.db.snapshot.findFirst({
    where: { id: snapshotId, objectId, run: { group: { tenantId } } },
    select: { id: true, expiredAt: true, indexingStatus: true },
  });
  if (!snapshot) throw notFound(`snapshot ${snapshotId} of object`, objectId);
  if (snapshot.expiredAt) throw new EngineError("NotFound", `snapshot ${snapshotId} has expired (retention or a delete): it cannot be browsed or restored`);
  if (snapshot.indexingStatus !== "kDone") {
    throw new EngineError("Conflict", `snapshot ${snapshotId} is not indexed yet (indexing ${snapshot.indexingStatus === "kFailed" ? "failed" : "in progress"}): its folders cannot be listed`);
  }
  return snapshot;
}

export async function listSnapshotFolder(
  engine: EngineContext,
  tenantId: string,
  objectId: bigint,
  snapshotId: bigint,
  query: SnapshotFolderQuery,
): Promise<SnapshotFolderPage> {
  await indexedSnapshot(engine, tenantId, objectId, snapshotId);
  const folder = snapshotFolderPath(query.path);
  const limit = query.limit ?? SNAPSHOT_FOLDER_DEFAULT_PAGE;
  let after: string | undefined;
  if (query.cursor !== undefined) {
    after = Buffer.from(query.cursor, "base64url").toString("utf8");
    if (after === "" || encodeCursor(after) !== query.cursor) throw invalidField("cursor", "not a cursor this listing handed out", "query");
  }
  const rows = await engine.db.$queryRaw<{ name: string; type: keyof typeof TYPE_OUT; size: bigint | null; mtime: Date | null }[]>`
    SELECT name, type, size, mtime FROM "IndexedFile"
    WHERE "snapshotId" = ${snapshotId} AND dir = ${folder} AND "tenantId" = ${tenantId}
      ${after === undefined ? Prisma.empty : Prisma.sql`AND name > ${after}`}
    ORDER BY name
    LIMIT ${limit + 1}`;
  if (rows.length === 0 && after === undefined) await mustBeFolder(engine, tenantId, objectId, snapshotId, folder);
  const page = rows.slice(0, limit);
  return {
    path: folder,
    items: page.map((r) => ({
      name: r.name,
      type: TYPE_OUT[r.type] ?? "File",
      ...(r.size !== null && r.type !== "dir" ? { sizeBytes: Number(r.size) } : {}),
      ...(r.mtime ? { mtimeUsecs: r.mtime.getTime() * 1000 } : {}),
    })),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.name) : null,
  };
}

/** An empty page: the folder is empty, or it is no folder of the snapshot (404), or a file (400). */
async function mustBeFolder(engine: EngineContext, tenantId: string, objectId: bigint, snapshotId: bigint, folder: string) {
  if (folder === "/") return;
  const row = await engine.db.indexedFile.findFirst({ where: { tenantId, path: folder, objectId, snapshotId }, select: { type: true } });
  if (!row) throw new EngineError("NotFound", `path ${folder} is not in snapshot ${snapshotId}`);
  if (row.type !== "dir") throw invalidField("path", `${folder} is a ${row.type === "symlink" ? "symbolic link" : "file"} in snapshot ${snapshotId}, not a folder`, "query");
}
