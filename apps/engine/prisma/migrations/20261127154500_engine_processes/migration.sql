
-- CreateTable
CREATE TABLE "EngineProcess" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EngineProcess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EngineProcess_lastSeenAt_idx" ON "EngineProcess"("lastSeenAt");

