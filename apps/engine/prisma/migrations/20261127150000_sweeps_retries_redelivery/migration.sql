-- AlterTable
ALTER TABLE "DataTask" ADD COLUMN     "notBefore" TIMESTAMP(3),
ADD COLUMN     "redeliveredAt" TIMESTAMP(3);

-- At most one active run per protection group, held by the database itself (several engine
-- processes share it). Prisma's schema cannot express a partial index, so it lives here only.
CREATE UNIQUE INDEX "ProtectionRun_one_active_per_group"
  ON "ProtectionRun" ("groupSeq")
  WHERE "status" IN ('Accepted', 'Running', 'Paused', 'Canceling');
