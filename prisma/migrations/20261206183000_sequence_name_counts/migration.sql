-- Each person's distinct event names and how many events of each (lib/reports/rollups/event-sequences.ts), so that
-- the overview's top events over all time sum a few names a person instead of finding where each event's name first
-- occurs in the person's sequence.
ALTER TABLE "event_sequences" ADD COLUMN "distinct_names" TEXT[] NOT NULL DEFAULT '{}',
ADD COLUMN "name_counts" INTEGER[] NOT NULL DEFAULT '{}';

-- Both arrays from one aggregate over the same rows, so that each count stands beside its name.
UPDATE "event_sequences" s SET (distinct_names, name_counts) = (
    SELECT coalesce(array_agg(name), '{}'), coalesce(array_agg(n), '{}')
    FROM (SELECT name, count(*)::int AS n FROM unnest(s.names) name GROUP BY name) x
);
