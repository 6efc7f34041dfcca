-- DropTable
DROP TABLE "activity_periods";

-- DropTable
DROP TABLE "activity_firsts";

-- CreateTable
CREATE TABLE "activity_masks" (
    "project_id" UUID NOT NULL,
    "grain" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "chunk" SMALLINT NOT NULL,
    "first_period" INTEGER NOT NULL,
    "calendar" BIGINT NOT NULL,
    "elapsed" BIGINT NOT NULL,

    CONSTRAINT "activity_masks_pkey" PRIMARY KEY ("project_id","grain","person_id","chunk")
);

-- CreateTable
CREATE TABLE "activity_people" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "first_local" TIMESTAMP(3) NOT NULL,
    "last_local" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "activity_people_pkey" PRIMARY KEY ("project_id","person_id")
);

-- CreateIndex
CREATE INDEX "activity_people_project_id_first_local_idx" ON "activity_people"("project_id", "first_local");

-- Fill the new rollup from the events, as lib/rollups/activity-masks.ts builds it for a project's first upload.
INSERT INTO "activity_people" (project_id, person_id, first_local, last_local)
SELECT e.project_id, e.person_id, min(e.occurred_at AT TIME ZONE p.timezone), max(e.occurred_at AT TIME ZONE p.timezone)
FROM "events" e JOIN "projects" p ON p.id = e.project_id
WHERE e.occurred_at IS NOT NULL
GROUP BY e.project_id, e.person_id;

INSERT INTO "activity_masks" (project_id, grain, person_id, chunk, first_period, calendar, elapsed)
WITH ev AS (
    SELECT e.project_id, e.person_id, a.first_local AS f, e.occurred_at AT TIME ZONE p.timezone AS t
    FROM "events" e
    JOIN "projects" p ON p.id = e.project_id
    JOIN "activity_people" a ON a.project_id = e.project_id AND a.person_id = e.person_id
    WHERE e.occurred_at IS NOT NULL
), parts AS (
    SELECT project_id, person_id,
        (date_trunc('week', f)::date - date '2000-01-03') / 7 AS f_week,
        (date_trunc('week', t)::date - date '2000-01-03') / 7 AS t_week,
        (date_part('year', f) * 12 + date_part('month', f))::int AS f_month,
        (date_part('year', t) * 12 + date_part('month', t))::int AS t_month,
        floor((date_part('epoch', t) - date_part('epoch', f)) / 604800)::int AS ew,
        CASE WHEN (t - date_trunc('month', t)) < (f - date_trunc('month', f)) THEN 1 ELSE 0 END AS month_short
    FROM ev
), idx AS (
    SELECT project_id, person_id, f_week, f_month, t_week - f_week AS cw, ew, t_month - f_month AS cm, t_month - f_month - month_short AS em
    FROM parts
)
SELECT project_id, 'week', person_id, cw / 62, f_week, bit_or(1::bigint << (cw % 62)), bit_or(1::bigint << (ew - 62 * (cw / 62) + 1))
FROM idx GROUP BY project_id, person_id, f_week, cw / 62
UNION ALL
SELECT project_id, 'month', person_id, cm / 62, f_month, bit_or(1::bigint << (cm % 62)), bit_or(1::bigint << (em - 62 * (cm / 62) + 1))
FROM idx GROUP BY project_id, person_id, f_month, cm / 62;
