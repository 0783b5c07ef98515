-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "repairRequestedAt" TIMESTAMP(3);
