-- CreateTable
CREATE TABLE "activity_firsts" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "first_local" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "activity_firsts_pkey" PRIMARY KEY ("project_id","person_id")
);

-- CreateIndex
CREATE INDEX "activity_firsts_project_id_first_local_idx" ON "activity_firsts"("project_id", "first_local");

-- Backfill from the month rows of the rollup (each person's earliest first time).
INSERT INTO "activity_firsts" (project_id, person_id, first_local)
SELECT project_id, person_id, min(first_local) FROM "activity_periods" WHERE grain = 'month' GROUP BY 1, 2;
