-- AlterTable
ALTER TABLE "RunSummary" ADD COLUMN     "message" TEXT;

