-- DropIndex
DROP INDEX "IndexedFile_name_trgm_idx";

