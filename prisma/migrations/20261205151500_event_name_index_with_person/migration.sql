-- The index on (name, occurred_at) also carries each event's person and place in its upload, so that a funnel step's
-- events in a range are read from the index alone, without visiting the table's rows (docs/performance.md,
-- "Funnels"). Prisma's schema cannot state INCLUDE columns; the model keeps @@index([name, occurredAt]).
DROP INDEX "events_name_occurred_at_idx";
CREATE INDEX "events_name_occurred_at_idx" ON "events" ("name", "occurred_at") INCLUDE ("person_id", "upload_id", "position");
