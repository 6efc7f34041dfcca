-- The day rollup behind the activity report (lib/reports/rollups/activity-days.ts): each person's active local days,
-- in order, and beside each day a 24-bit mask of the local hours they were active in. A day's neighbours are the
-- entries beside it, so the rolling windows need no sort of events.
CREATE TABLE "activity_days" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "days" DATE[] NOT NULL,
    "hours" INTEGER[] NOT NULL,

    CONSTRAINT "activity_days_pkey" PRIMARY KEY ("project_id","person_id")
);

-- Events per UTC quarter hour and upload: the activity report's weekday × hour counts, in any zone (every zone's
-- offset is a whole number of quarter hours), and removed with their upload.
CREATE TABLE "event_slots" (
    "project_id" UUID NOT NULL,
    "upload_id" BIGINT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "event_slots_pkey" PRIMARY KEY ("project_id","upload_id","slot")
);


-- Fill both from the events, as the app builds them for a project's first upload.
INSERT INTO "activity_days" (project_id, person_id, days, hours)
SELECT d.project_id, d.person_id, array_agg(d.day ORDER BY d.day), array_agg(d.hours ORDER BY d.day)
FROM (
  SELECT e.project_id, e.person_id, (e.occurred_at AT TIME ZONE p.timezone)::date AS day,
    bit_or(1 << date_part('hour', e.occurred_at AT TIME ZONE p.timezone)::int) AS hours
  FROM "events" e JOIN "projects" p ON p.id = e.project_id
  WHERE e.occurred_at IS NOT NULL
  GROUP BY 1, 2, 3
) d
GROUP BY d.project_id, d.person_id;

INSERT INTO "event_slots" (project_id, upload_id, slot, events)
SELECT project_id, coalesce(upload_id, 0), date_bin('15 minutes', occurred_at, '2000-01-01 00:00:00+00'), count(*)
FROM "events"
WHERE occurred_at IS NOT NULL
GROUP BY 1, 2, 3;
