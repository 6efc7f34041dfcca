-- CreateTable
CREATE TABLE "property_keys" (
    "project_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "property_keys_pkey" PRIMARY KEY ("project_id","scope","key")
);

-- The names already stored.
INSERT INTO "property_keys" ("project_id", "scope", "key")
SELECT DISTINCT project_id, 'event', jsonb_object_keys(properties) FROM "events" WHERE properties <> '{}'::jsonb
UNION
SELECT DISTINCT project_id, 'person', jsonb_object_keys(properties) FROM "people" WHERE properties <> '{}'::jsonb;
