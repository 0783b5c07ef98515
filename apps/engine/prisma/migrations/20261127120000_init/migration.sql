-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Cluster" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "clusterId" BIGINT NOT NULL,
    "incarnationId" BIGINT NOT NULL,
    "tokenSecret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "refreshTokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "refreshExpiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Policy" (
    "seq" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "hasDataLock" BOOLEAN NOT NULL DEFAULT false,
    "lastModificationTimeUsecs" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" BIGINT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "envType" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrationToken" (
    "id" TEXT NOT NULL,
    "connectionId" BIGINT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegistrationToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Connector" (
    "id" BIGINT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "connectionId" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "agentTokenHash" TEXT NOT NULL,
    "hostName" TEXT NOT NULL,
    "addresses" TEXT[],
    "os" TEXT NOT NULL,
    "osVersion" TEXT,
    "agentVersion" TEXT NOT NULL,
    "resticVersion" TEXT,
    "volumes" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "statusMessage" TEXT,
    "lastHeartbeatAt" TIMESTAMP(3) NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Connector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentCommand" (
    "id" BIGSERIAL NOT NULL,
    "connectorId" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'Pending',
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AgentCommand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceRegistration" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "connectionId" BIGINT NOT NULL,
    "connectorId" BIGINT,
    "endpoint" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "lastModifiedTimestampUsecs" BIGINT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceObject" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "registrationId" BIGINT NOT NULL,
    "parentId" BIGINT,
    "name" TEXT NOT NULL,
    "objectType" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "osType" TEXT,
    "sizeBytes" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceObject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProtectionGroup" (
    "seq" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "policySeq" BIGINT NOT NULL,
    "environment" TEXT NOT NULL,
    "isPaused" BOOLEAN NOT NULL DEFAULT false,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isDeleted" BOOLEAN NOT NULL DEFAULT false,
    "spec" JSONB NOT NULL,
    "lastModifiedTimestampUsecs" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProtectionGroup_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ProtectedGroupObject" (
    "groupSeq" BIGINT NOT NULL,
    "objectId" BIGINT NOT NULL,

    CONSTRAINT "ProtectedGroupObject_pkey" PRIMARY KEY ("groupSeq","objectId")
);

-- CreateTable
CREATE TABLE "ProtectionRun" (
    "id" BIGSERIAL NOT NULL,
    "groupSeq" BIGINT NOT NULL,
    "runType" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startTimeUsecs" BIGINT NOT NULL,
    "endTimeUsecs" BIGINT,
    "message" TEXT,

    CONSTRAINT "ProtectionRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" BIGSERIAL NOT NULL,
    "runId" BIGINT NOT NULL,
    "objectId" BIGINT NOT NULL,
    "timestampUsecs" BIGINT NOT NULL,
    "expiryTimeUsecs" BIGINT,
    "resticSnapshotId" TEXT,
    "logicalSizeBytes" BIGINT,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpgradeTask" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "retriedTaskId" BIGINT,
    "targetVersion" TEXT NOT NULL,
    "scheduleTimeUsecs" BIGINT NOT NULL,
    "scheduleEndTimeUsecs" BIGINT,
    "startTimeUsecs" BIGINT,
    "endTimeUsecs" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UpgradeTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpgradeTaskAgent" (
    "taskId" BIGINT NOT NULL,
    "agentId" BIGINT NOT NULL,
    "connectorId" BIGINT,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "previousSoftwareVersion" TEXT,
    "startTimeUsecs" BIGINT,
    "endTimeUsecs" BIGINT,
    "errorMessage" TEXT,

    CONSTRAINT "UpgradeTaskAgent_pkey" PRIMARY KEY ("taskId","agentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_idx" ON "ApiKey"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_refreshTokenHash_key" ON "AccessToken"("refreshTokenHash");

-- CreateIndex
CREATE INDEX "AccessToken_expiresAt_idx" ON "AccessToken"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_tenantId_name_key" ON "Policy"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Connection_tenantId_name_key" ON "Connection"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "RegistrationToken_tokenHash_key" ON "RegistrationToken"("tokenHash");

-- CreateIndex
CREATE INDEX "RegistrationToken_connectionId_idx" ON "RegistrationToken"("connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "Connector_agentTokenHash_key" ON "Connector"("agentTokenHash");

-- CreateIndex
CREATE INDEX "Connector_tenantId_connectionId_idx" ON "Connector"("tenantId", "connectionId");

-- CreateIndex
CREATE INDEX "Connector_tenantId_hostName_idx" ON "Connector"("tenantId", "hostName");

-- CreateIndex
CREATE INDEX "Connector_tenantId_name_idx" ON "Connector"("tenantId", "name");

-- CreateIndex
CREATE INDEX "AgentCommand_connectorId_status_idx" ON "AgentCommand"("connectorId", "status");

-- CreateIndex
CREATE INDEX "SourceRegistration_tenantId_connectionId_idx" ON "SourceRegistration"("tenantId", "connectionId");

-- CreateIndex
CREATE UNIQUE INDEX "SourceRegistration_tenantId_name_key" ON "SourceRegistration"("tenantId", "name");

-- CreateIndex
CREATE INDEX "SourceObject_tenantId_name_idx" ON "SourceObject"("tenantId", "name");

-- CreateIndex
CREATE INDEX "SourceObject_registrationId_idx" ON "SourceObject"("registrationId");

-- CreateIndex
CREATE INDEX "ProtectionGroup_tenantId_name_idx" ON "ProtectionGroup"("tenantId", "name");

-- CreateIndex
CREATE INDEX "ProtectionGroup_tenantId_policySeq_idx" ON "ProtectionGroup"("tenantId", "policySeq");

-- CreateIndex
CREATE INDEX "ProtectedGroupObject_objectId_idx" ON "ProtectedGroupObject"("objectId");

-- CreateIndex
CREATE INDEX "ProtectionRun_groupSeq_startTimeUsecs_idx" ON "ProtectionRun"("groupSeq", "startTimeUsecs");

-- CreateIndex
CREATE INDEX "Snapshot_objectId_timestampUsecs_idx" ON "Snapshot"("objectId", "timestampUsecs");

-- CreateIndex
CREATE INDEX "UpgradeTask_tenantId_idx" ON "UpgradeTask"("tenantId");

-- CreateIndex
CREATE INDEX "UpgradeTaskAgent_connectorId_idx" ON "UpgradeTaskAgent"("connectorId");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrationToken" ADD CONSTRAINT "RegistrationToken_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentCommand" ADD CONSTRAINT "AgentCommand_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceRegistration" ADD CONSTRAINT "SourceRegistration_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceObject" ADD CONSTRAINT "SourceObject_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "SourceRegistration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectionGroup" ADD CONSTRAINT "ProtectionGroup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectionGroup" ADD CONSTRAINT "ProtectionGroup_policySeq_fkey" FOREIGN KEY ("policySeq") REFERENCES "Policy"("seq") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectedGroupObject" ADD CONSTRAINT "ProtectedGroupObject_groupSeq_fkey" FOREIGN KEY ("groupSeq") REFERENCES "ProtectionGroup"("seq") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectedGroupObject" ADD CONSTRAINT "ProtectedGroupObject_objectId_fkey" FOREIGN KEY ("objectId") REFERENCES "SourceObject"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProtectionRun" ADD CONSTRAINT "ProtectionRun_groupSeq_fkey" FOREIGN KEY ("groupSeq") REFERENCES "ProtectionGroup"("seq") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ProtectionRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpgradeTask" ADD CONSTRAINT "UpgradeTask_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpgradeTaskAgent" ADD CONSTRAINT "UpgradeTaskAgent_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "UpgradeTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

