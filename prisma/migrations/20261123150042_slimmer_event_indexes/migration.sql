-- DropIndex
DROP INDEX "events_project_id_person_id_occurred_at_idx";

-- DropIndex
DROP INDEX "events_upload_id_idx";

-- CreateIndex
CREATE INDEX "events_upload_id_idx" ON "events" USING BRIN ("upload_id");
