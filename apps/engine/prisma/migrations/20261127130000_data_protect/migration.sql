-- pg_trgm backs the fragment search of the file index (GIN trigram indexes below).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "ProtectionRun" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "isFull" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "onLegalHold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "trigger" TEXT NOT NULL DEFAULT 'kManual';

-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "bytesAdded" BIGINT,
ADD COLUMN     "dataLockMode" TEXT,
ADD COLUMN     "dataLockUntilUsecs" BIGINT,
ADD COLUMN     "expiredAt" TIMESTAMP(3),
ADD COLUMN     "fileCount" BIGINT,
ADD COLUMN     "forgottenAt" TIMESTAMP(3),
ADD COLUMN     "indexingStatus" TEXT NOT NULL DEFAULT 'kNotStarted',
ADD COLUMN     "onLegalHold" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RunObject" (
    "runId" BIGINT NOT NULL,
    "objectId" BIGINT NOT NULL,
    "taskId" BIGINT,
    "status" TEXT NOT NULL,
    "message" TEXT,
    "warnings" TEXT[],
    "startTimeUsecs" BIGINT,
    "endTimeUsecs" BIGINT,
    "bytesRead" BIGINT NOT NULL DEFAULT 0,
    "bytesWritten" BIGINT NOT NULL DEFAULT 0,
    "filesTotal" BIGINT NOT NULL DEFAULT 0,
    "filesDone" BIGINT NOT NULL DEFAULT 0,
    "percentDone" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "RunObject_pkey" PRIMARY KEY ("runId","objectId")
);

-- CreateTable
CREATE TABLE "StorageTarget" (
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "configEnc" TEXT NOT NULL,
    "passwordEnc" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StorageTarget_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "DataTask" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "connectorId" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Pending',
    "params" JSONB NOT NULL,
    "runId" BIGINT,
    "objectId" BIGINT,
    "recoverySeq" BIGINT,
    "snapshotId" BIGINT,
    "progress" JSONB,
    "result" JSONB,
    "message" TEXT,
    "contentPath" TEXT,
    "contentBytes" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "lastReportAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "DataTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recovery" (
    "seq" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "snapshotId" BIGINT NOT NULL,
    "taskId" BIGINT,
    "messages" TEXT[],
    "bytesRestored" BIGINT,
    "startTimeUsecs" BIGINT NOT NULL,
    "endTimeUsecs" BIGINT,

    CONSTRAINT "Recovery_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "IndexedFile" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "snapshotId" BIGINT NOT NULL,
    "objectId" BIGINT NOT NULL,
    "groupSeq" BIGINT NOT NULL,
    "path" TEXT NOT NULL,
    "dir" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "size" BIGINT,
    "mtime" TIMESTAMP(3),

    CONSTRAINT "IndexedFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataTask_connectorId_status_idx" ON "DataTask"("connectorId", "status");

-- CreateIndex
CREATE INDEX "DataTask_runId_idx" ON "DataTask"("runId");

-- CreateIndex
CREATE INDEX "DataTask_status_idx" ON "DataTask"("status");

-- CreateIndex
CREATE INDEX "Recovery_tenantId_startTimeUsecs_idx" ON "Recovery"("tenantId", "startTimeUsecs");

-- CreateIndex
CREATE INDEX "IndexedFile_snapshotId_idx" ON "IndexedFile"("snapshotId");

-- CreateIndex
CREATE INDEX "IndexedFile_tenantId_path_idx" ON "IndexedFile"("tenantId", "path");

-- CreateIndex
CREATE INDEX "IndexedFile_name_trgm_idx" ON "IndexedFile" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "IndexedFile_path_trgm_idx" ON "IndexedFile" USING GIN ("path" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "ProtectionRun_status_idx" ON "ProtectionRun"("status");

-- CreateIndex
CREATE INDEX "Snapshot_expiryTimeUsecs_idx" ON "Snapshot"("expiryTimeUsecs");

-- AddForeignKey
ALTER TABLE "RunObject" ADD CONSTRAINT "RunObject_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ProtectionRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

