-- DropIndex
DROP INDEX "RunSummary_connectionId_startedAt_idx";

-- DropIndex
DROP INDEX "RunSummary_connectionId_status_idx";

-- CreateIndex
CREATE INDEX "RunSummary_history_startedAt_idx" ON "RunSummary"("connectionId", "startedAt", "groupId", "runId");

-- CreateIndex
CREATE INDEX "RunSummary_history_endedAt_idx" ON "RunSummary"("connectionId", "endedAt", "startedAt", "groupId", "runId");

-- CreateIndex
CREATE INDEX "RunSummary_history_bytesWritten_idx" ON "RunSummary"("connectionId", "bytesWritten", "startedAt", "groupId", "runId");

-- CreateIndex
CREATE INDEX "RunSummary_history_status_idx" ON "RunSummary"("connectionId", "status", "startedAt", "groupId", "runId");

-- CreateIndex
CREATE INDEX "RunSummary_history_groupName_idx" ON "RunSummary"("connectionId", "groupName", "startedAt", "groupId", "runId");

