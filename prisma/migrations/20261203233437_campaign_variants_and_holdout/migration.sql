-- AlterTable
ALTER TABLE "campaign_sends" ADD COLUMN     "holdout" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "variant" TEXT;
