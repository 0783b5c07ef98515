-- The folder listing of a snapshot reads one (snapshotId, dir) range in name order; the new index
-- serves it, and its snapshotId prefix serves the per-snapshot deletes the old index was for. Built
-- before the old one is dropped, so those deletes never lose their index.

-- CreateIndex
CREATE INDEX "IndexedFile_snapshotId_dir_name_idx" ON "IndexedFile"("snapshotId", "dir", "name");

-- DropIndex
DROP INDEX "IndexedFile_snapshotId_idx";
