-- The sequence rollup behind funnels (lib/reports/rollups/event-sequences.ts): each person's event names and times
-- in their order, one row a person.
CREATE TABLE "event_sequences" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "names" TEXT[] NOT NULL,
    "ats" TIMESTAMPTZ(3)[] NOT NULL,

    CONSTRAINT "event_sequences_pkey" PRIMARY KEY ("project_id","person_id")
);

-- The per-person index holds a person's events in the order the rollup keeps (time, upload, place in the file, name),
-- so that the rollup of a large upload is one ordered read of the index alone, without a sort. The model keeps
-- @@index([personId, occurredAt]): its first columns, under the same name.
DROP INDEX "events_person_id_occurred_at_idx";
CREATE INDEX "events_person_id_occurred_at_idx" ON "events" ("person_id", "occurred_at", "upload_id", "position", "name");

-- Fill the rollup from the events, as the app builds it for a project's first upload.
INSERT INTO "event_sequences" (project_id, person_id, names, ats)
SELECT project_id, person_id,
  array_agg(name ORDER BY occurred_at, upload_id, position, name),
  array_agg(coalesce(occurred_at, 'infinity') ORDER BY occurred_at, upload_id, position, name)
FROM "events"
GROUP BY project_id, person_id;
