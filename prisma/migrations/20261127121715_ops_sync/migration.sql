-- CreateTable
CREATE TABLE "RunSummary" (
    "connectionId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "environment" TEXT,
    "status" TEXT NOT NULL,
    "runType" TEXT,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "bytesRead" BIGINT NOT NULL DEFAULT 0,
    "bytesWritten" BIGINT NOT NULL DEFAULT 0,
    "logicalBytes" BIGINT NOT NULL DEFAULT 0,
    "slaViolated" BOOLEAN NOT NULL DEFAULT false,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RunSummary_pkey" PRIMARY KEY ("connectionId","groupId","runId")
);

-- CreateTable
CREATE TABLE "ProtectionGroupState" (
    "connectionId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT,
    "policyId" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isPaused" BOOLEAN NOT NULL DEFAULT false,
    "slaMinutes" INTEGER,
    "fullSlaMinutes" INTEGER,
    "numProtectedObjects" INTEGER NOT NULL DEFAULT 0,
    "lastRunId" TEXT,
    "lastRunStatus" TEXT,
    "lastRunStartedAt" TIMESTAMP(3),
    "lastRunEndedAt" TIMESTAMP(3),
    "seenAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProtectionGroupState_pkey" PRIMARY KEY ("connectionId","groupId")
);

-- CreateTable
CREATE TABLE "ProtectedObjectState" (
    "connectionId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT,
    "objectType" TEXT,
    "sourceId" TEXT,
    "isProtected" BOOLEAN NOT NULL,
    "groupIds" TEXT[],
    "lastRunStatus" TEXT,
    "seenAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProtectedObjectState_pkey" PRIMARY KEY ("connectionId","objectId")
);

-- CreateTable
CREATE TABLE "ConnectorState" (
    "connectionId" TEXT NOT NULL,
    "connectorId" TEXT NOT NULL,
    "name" TEXT,
    "dataSourceConnection" TEXT,
    "isConnected" BOOLEAN NOT NULL,
    "lastConnectedAt" TIMESTAMP(3),
    "softwareVersion" TEXT,
    "upgradeStatus" TEXT,
    "seenAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectorState_pkey" PRIMARY KEY ("connectionId","connectorId")
);

-- CreateTable
CREATE TABLE "RecoverySummary" (
    "connectionId" TEXT NOT NULL,
    "recoveryId" TEXT NOT NULL,
    "name" TEXT,
    "status" TEXT NOT NULL,
    "recoveryAction" TEXT,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecoverySummary_pkey" PRIMARY KEY ("connectionId","recoveryId")
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "connectionId" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "watermarkUsecs" BIGINT,
    "resume" JSONB,
    "lastStartedAt" TIMESTAMP(3),
    "lastOkAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncCursor_pkey" PRIMARY KEY ("connectionId","stream")
);

-- CreateIndex
CREATE INDEX "RunSummary_connectionId_startedAt_idx" ON "RunSummary"("connectionId", "startedAt");

-- CreateIndex
CREATE INDEX "RunSummary_connectionId_status_idx" ON "RunSummary"("connectionId", "status");

-- CreateIndex
CREATE INDEX "RecoverySummary_connectionId_startedAt_idx" ON "RecoverySummary"("connectionId", "startedAt");

-- AddForeignKey
ALTER TABLE "RunSummary" ADD CONSTRAINT "RunSummary_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "UpstreamConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectionGroupState" ADD CONSTRAINT "ProtectionGroupState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "UpstreamConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectedObjectState" ADD CONSTRAINT "ProtectedObjectState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "UpstreamConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectorState" ADD CONSTRAINT "ConnectorState_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "UpstreamConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoverySummary" ADD CONSTRAINT "RecoverySummary_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "UpstreamConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncCursor" ADD CONSTRAINT "SyncCursor_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "UpstreamConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

