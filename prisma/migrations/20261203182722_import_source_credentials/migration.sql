-- AlterTable
ALTER TABLE "import_sources" ADD COLUMN     "credentials" TEXT;
