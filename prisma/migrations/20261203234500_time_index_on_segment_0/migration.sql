-- Segment 0 collects small uploads, API batches and demo data in no time order, where BRIN ranges cannot narrow a
-- time range: it gets a B-tree on the time as well. Large segments keep only their BRIN ranges, as their index
-- builds are what a large load waits for.
CREATE OR REPLACE FUNCTION "events_add_project"("project" UUID) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text := 'events_' || replace("project"::text, '-', '');
BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS) PARTITION BY LIST (segment)', t);
    EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES IN (%L)', t, "project");
    EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', t || '_0');
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (0)', t, t || '_0');
    EXECUTE format('CREATE INDEX ON %I (occurred_at)', t || '_0');
END $$;

DO $$
DECLARE
    p uuid;
BEGIN
    FOR p IN SELECT id FROM projects LOOP
        EXECUTE format('CREATE INDEX ON %I (occurred_at)', 'events_' || replace(p::text, '-', '') || '_0');
    END LOOP;
END $$;
