-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "data_version" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "activity_periods" (
    "project_id" UUID NOT NULL,
    "grain" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "person_id" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "first_local" TIMESTAMP(3) NOT NULL,
    "last_local" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "activity_periods_pkey" PRIMARY KEY ("project_id","grain","period_start","person_id")
);

-- Backfill the rollup from the events already stored (the same aggregation as lib/rollups/activity-periods.ts).
WITH days AS (
    SELECT e.project_id, e.person_id, (e.occurred_at AT TIME ZONE p.timezone)::date AS day, count(*)::int AS events,
        min(e.occurred_at AT TIME ZONE p.timezone) AS first_local, max(e.occurred_at AT TIME ZONE p.timezone) AS last_local
    FROM "events" e JOIN "projects" p ON p.id = e.project_id
    WHERE e.occurred_at IS NOT NULL
    GROUP BY 1, 2, 3
)
INSERT INTO "activity_periods" (project_id, grain, period_start, person_id, events, first_local, last_local)
SELECT project_id, 'day', day, person_id, events, first_local, last_local FROM days
UNION ALL
SELECT project_id, 'week', date_trunc('week', day)::date, person_id, sum(events)::int, min(first_local), max(last_local) FROM days GROUP BY 1, 3, 4
UNION ALL
SELECT project_id, 'month', date_trunc('month', day)::date, person_id, sum(events)::int, min(first_local), max(last_local) FROM days GROUP BY 1, 3, 4;
