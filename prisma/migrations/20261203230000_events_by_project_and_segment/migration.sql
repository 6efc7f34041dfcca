-- Events are stored per project, and the events of a large upload in a table of their own (docs/ingestion.md, "Where
-- events are stored"): `events` is partitioned by project, and the table of each project by segment. Segment 0 holds
-- small uploads, API batches and page journeys. A large upload is loaded into a new table with no index to keep up,
-- indexed once at the end and attached as segment <upload id>, and removing it drops that table.
--
-- The row id and its primary key go: no query reads them. They cost every load a sequence call per row and the
-- largest index. File order among events of the same time is kept in `position` instead.

ALTER TABLE "events" RENAME TO "events_unpartitioned";

CREATE TABLE "events" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3),
    "session_id" TEXT,
    "position" INTEGER,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "revenue" DECIMAL(14,2),
    "upload_id" BIGINT,
    "segment" BIGINT NOT NULL DEFAULT 0
) PARTITION BY LIST ("project_id");

-- The table of a project, partitioned by segment, with its segment 0. Attached rather than created as partitions, so
-- that reports reading the events of other projects are not blocked while a project is created.
CREATE FUNCTION "events_add_project"("project" UUID) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text := 'events_' || replace("project"::text, '-', '');
BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS) PARTITION BY LIST (segment)', t);
    EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES IN (%L)', t, "project");
    EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', t || '_0');
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (0)', t, t || '_0');
END $$;

CREATE FUNCTION "projects_events_partition"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM events_add_project(NEW.id);
    ELSE
        EXECUTE format('DROP TABLE IF EXISTS %I', 'events_' || replace(OLD.id::text, '-', ''));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER "projects_events_partition" AFTER INSERT OR DELETE ON "projects"
    FOR EACH ROW EXECUTE FUNCTION "projects_events_partition"();

SELECT events_add_project(id) FROM "projects";

-- Timed events had no position; their order within their upload (file order, as the ids gave it) becomes one.
INSERT INTO "events" ("project_id", "person_id", "name", "occurred_at", "session_id", "position", "properties", "revenue", "upload_id")
SELECT "project_id", "person_id", "name", "occurred_at", "session_id",
    coalesce("position", (row_number() OVER (PARTITION BY "project_id", "upload_id" ORDER BY "id"))::int),
    "properties", "revenue", "upload_id"
FROM "events_unpartitioned"
WHERE "project_id" IN (SELECT id FROM "projects")
ORDER BY "project_id", "occurred_at";

DROP TABLE "events_unpartitioned";

-- Indexes of every project table and segment. The project is implied by the partition, so no index repeats it.
CREATE INDEX "events_person_id_occurred_at_idx" ON "events"("person_id", "occurred_at");
CREATE INDEX "events_name_occurred_at_idx" ON "events"("name", "occurred_at");
CREATE INDEX "events_occurred_at_idx" ON "events" USING BRIN ("occurred_at");
CREATE INDEX "events_upload_id_idx" ON "events" USING BRIN ("upload_id");
