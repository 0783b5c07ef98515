// The file search as it was before IndexedPath (commit dcb83e8): DISTINCT ON over every snapshot's
// rows of IndexedFile. Kept as the reference the new search must equal (index search test) and as
// the "old" column of bench/search-index.ts. It sorts every matching row of every snapshot.
import { Prisma } from "../../src/generated/prisma/client.ts";
import type { EngineDb } from "../../src/db.ts";
import type { IndexedRow, IndexedSearch } from "../../src/areas/search/indexed.ts";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function referenceSearchRows(db: EngineDb, q: IndexedSearch): Promise<IndexedRow[]> {
  const conds: Prisma.Sql[] = [Prisma.sql`f."tenantId" = ${q.tenantId}`, Prisma.sql`s."expiredAt" IS NULL`];
  if (q.searchString) conds.push(Prisma.sql`f.path ILIKE ${`%${escapeLike(q.searchString)}%`}`);
  if (q.types?.length) conds.push(Prisma.sql`f.type IN (${Prisma.join(q.types)})`);
  if (q.objectIds?.length) conds.push(Prisma.sql`f."objectId" IN (${Prisma.join(q.objectIds)})`);
  if (q.groupSeqs?.length) conds.push(Prisma.sql`f."groupSeq" IN (${Prisma.join(q.groupSeqs)})`);
  if (q.after) conds.push(Prisma.sql`(f.path, f."objectId") > (${q.after.path}, ${q.after.objectId})`);
  return db.$queryRaw<IndexedRow[]>`
    SELECT DISTINCT ON (f.path, f."objectId") f."objectId", f.path, f.dir, f.name, f.type, f."snapshotId", f."groupSeq",
      f.size, f.mtime, s."timestampUsecs"
    FROM "IndexedFile" f JOIN "Snapshot" s ON s.id = f."snapshotId"
    WHERE ${Prisma.join(conds, " AND ")}
    ORDER BY f.path, f."objectId", f."snapshotId" DESC
    LIMIT ${q.limit}`;
}
