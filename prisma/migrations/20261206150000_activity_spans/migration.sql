-- The activity report's rolling windows, per project (lib/reports/rollups/activity-days.ts): how many people were
-- active on a local day with a given number of days (at most 30) to their next active day. DAU, WAU and MAU on any
-- day are sums over these few thousand rows, whatever the number of people.
CREATE TABLE "activity_spans" (
    "project_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "gap" SMALLINT NOT NULL,
    "people" INTEGER NOT NULL,

    CONSTRAINT "activity_spans_pkey" PRIMARY KEY ("project_id","day","gap")
);

-- Fill it from the day rollup, as the app counts a project's first upload.
INSERT INTO "activity_spans" (project_id, day, gap, people)
SELECT a.project_id, a.days[i], least(coalesce(a.days[i + 1] - a.days[i], 30), 30), count(*)
FROM "activity_days" a CROSS JOIN LATERAL generate_series(1, cardinality(a.days)) i
GROUP BY 1, 2, 3;
