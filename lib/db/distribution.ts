import "server-only";

/**
 * Where each table of the schema goes when the database is spread over several servers with Citus
 * (docs/scaling.md). Every table of the public schema is named here once; a partition goes where its parent goes.
 * tests/integration/distribution-keys.test.ts checks the schema against this: a table named nowhere, a per-person
 * key that does not start with the project and the person, or a foreign key Citus could not keep, fails it.
 */

/** The column Citus hashes to place a per-person row on a shard: the business's own id for the person. */
export const DISTRIBUTION_COLUMN = "person_id";

/**
 * The columns every primary key and unique index of a per-person table starts with, in this order. Citus can only
 * enforce a unique key that includes the distribution column (each shard checks its own rows); with the project
 * first as well, the same index serves a project's rows and one person's rows of it, and a join between two
 * per-person tables on both columns stays inside each shard.
 */
export const PERSON_KEY = ["project_id", DISTRIBUTION_COLUMN] as const;

export type TablePlacement = {
  /**
   * Distributed by DISTRIBUTION_COLUMN and co-located with `people`: all the rows of a person, in every one of these
   * tables, are on the same shard. These are the tables that grow with the data: rows per person or per event.
   */
  perPerson: readonly string[];
  /**
   * Reference tables, copied whole to every server: small per-project data that statements on the shards read or
   * join beside the per-person rows, and that the other tables' foreign keys point to.
   */
  reference: readonly string[];
  /**
   * Ordinary tables on the coordinator: the app's own records, read and written by the app alone and never joined
   * with per-person rows in a statement. Their foreign keys point to each other or to reference tables.
   */
  coordinator: readonly string[];
  /**
   * Unique indexes of per-person tables, by name, that do not start with PERSON_KEY yet: their key columns exactly.
   * Each still includes the distribution column, as Citus requires. The list only shrinks: an entry whose index has
   * gone or changed fails the test too.
   */
  keyExceptions: Readonly<Record<string, readonly string[]>>;
};

export const TABLE_PLACEMENT: TablePlacement = {
  perPerson: [
    // A person's attributes and properties.
    "people",
    // Every event of a person (partitioned by project and then by segment; every partition goes with it).
    "events",
    // Each send of a campaign to a person.
    "campaign_sends",
    // The campaign KPIs' members: each person's first send of a campaign and their outcomes.
    "campaign_members",
    // The retention rollup: each person's first and last event, and their active weeks and months as bit masks.
    "activity_people",
    "activity_masks",
    // The sequence rollup behind funnels: each person's event names and times in order.
    "event_sequences",
    // The day rollup behind the activity report: each person's active days and hours.
    "activity_days",
  ],
  reference: [
    // One row a project: its time zone and data version, read with every report; every per-project table points to it.
    "projects",
    // Ad spend per day, channel, campaign and platform: per project, not per person, joined beside the people's
    // revenue in the revenue report's channel statement.
    "spend",
    // The property names a project's data holds, per scope: per project, written by the uploads that write people and events.
    "property_keys",
    // Events per quarter hour and upload: per project, not per person.
    "event_slots",
    // People active per day and days to their next active day: per project, not per person.
    "activity_spans",
  ],
  coordinator: [
    "_prisma_migrations",
    "users",
    "sessions",
    "password_resets",
    "invitations",
    "api_keys",
    "audit_log",
    "uploads",
    "import_sources",
    "import_runs",
    "alert_rules",
    "alert_firings",
    "saved_reports",
    "report_defaults",
    "dashboards",
    "share_links",
    "share_views",
    "digests",
  ],
  keyExceptions: {
    // The grain comes before the person: the retention statements read one grain of a project's rows. To become
    // (project_id, person_id, grain, chunk) before the tables are distributed (docs/scaling.md).
    activity_masks_pkey: ["project_id", "grain", "person_id", "chunk"],
  },
};
