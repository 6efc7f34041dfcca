-- Page journeys (events without a clock) are numbered across each person's sessions in an upload, not within each
-- session, so that the sessions keep the order in which they came. Pages stored before were numbered within their
-- session; they are renumbered in session then page order, the best order they still hold.
UPDATE "events" e
SET "position" = r.n
FROM (
  SELECT "project_id", "person_id", "upload_id", "segment", "session_id", "position",
    row_number() OVER (PARTITION BY "project_id", "person_id", "upload_id", "segment" ORDER BY "session_id", "position")::int AS n
  FROM "events"
  WHERE "occurred_at" IS NULL AND "position" IS NOT NULL
) r
WHERE e."occurred_at" IS NULL
  AND e."project_id" = r."project_id" AND e."person_id" = r."person_id"
  AND e."upload_id" IS NOT DISTINCT FROM r."upload_id" AND e."segment" = r."segment"
  AND e."session_id" IS NOT DISTINCT FROM r."session_id" AND e."position" = r."position"
  AND e."position" <> r.n;
