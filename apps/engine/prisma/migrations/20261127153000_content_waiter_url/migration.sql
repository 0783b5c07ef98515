-- AlterTable
ALTER TABLE "DataTask" ADD COLUMN     "waiterUrl" TEXT;
