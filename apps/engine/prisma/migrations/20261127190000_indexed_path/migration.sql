-- Fragment search walks the distinct (object, path) keys of the file index instead of every
-- snapshot's copy of every path (IndexedPath, see schema.prisma); IndexedFile's own trigram index is
-- then unused, and dropping it makes the index upload cheaper.

-- DropIndex
DROP INDEX "IndexedFile_path_trgm_idx";

-- CreateTable
CREATE TABLE "IndexedPath" (
    "tenantId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "objectId" BIGINT NOT NULL,

    CONSTRAINT "IndexedPath_pkey" PRIMARY KEY ("tenantId","path","objectId")
);

-- Backfill from the rows already indexed (forgotten snapshots' rows are deleted already), before the
-- trigram index exists so it is built once.
INSERT INTO "IndexedPath" ("tenantId", "path", "objectId")
SELECT DISTINCT "tenantId", "path", "objectId" FROM "IndexedFile";

-- CreateIndex
CREATE INDEX "IndexedPath_path_trgm_idx" ON "IndexedPath" USING GIN ("path" gin_trgm_ops);
