-- AlterTable
ALTER TABLE "DataTask" ADD COLUMN     "repositoryId" TEXT;

-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "adoptedAt" TIMESTAMP(3),
ADD COLUMN     "missingAt" TIMESTAMP(3),
ADD COLUMN     "repositoryId" TEXT;

-- CreateTable
CREATE TABLE "Repository" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "objectId" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "storageEnc" TEXT NOT NULL,
    "passwordEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "initializedAt" TIMESTAMP(3),
    "checkStatus" TEXT,
    "checkMessage" TEXT,
    "checkAt" TIMESTAMP(3),
    "checkReadDataSubset" TEXT,
    "checkRequestedAt" TIMESTAMP(3),
    "reconciledAt" TIMESTAMP(3),
    "orphans" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RepositoryGrant" (
    "id" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "taskId" BIGINT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RepositoryGrant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Repository_objectId_key" ON "Repository"("objectId");

-- CreateIndex
CREATE INDEX "Repository_tenantId_idx" ON "Repository"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "RepositoryGrant_tokenHash_key" ON "RepositoryGrant"("tokenHash");

-- CreateIndex
CREATE INDEX "RepositoryGrant_taskId_idx" ON "RepositoryGrant"("taskId");

-- CreateIndex
CREATE INDEX "RepositoryGrant_expiresAt_idx" ON "RepositoryGrant"("expiresAt");

-- CreateIndex
CREATE INDEX "Snapshot_repositoryId_idx" ON "Snapshot"("repositoryId");

