-- AlterTable
ALTER TABLE "uploads" ADD COLUMN     "progress" JSONB NOT NULL DEFAULT '{}';
