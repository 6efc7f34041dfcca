import "server-only";
import type pg from "pg";
import type { FilterScope } from "../filters";
import { unknownEventWarnings, type EventReference, type PropertyNames, type Vocabulary } from "../vocabulary";

/**
 * The property names of a project's events and people (property_keys): what filters and breakdowns are checked
 * against, and what pickers offer. An upload knows its names from its column mapping, so keeping this costs no pass
 * over the rows. Removing an upload leaves its names: a superset, on which a filter matches nobody, as before.
 */
export async function addPropertyKeys(client: pg.PoolClient, projectId: string, scope: FilterScope, keys: string[]) {
  if (!keys.length) return;
  await client.query(
    "insert into property_keys (project_id, scope, key) select $1, $2, unnest($3::text[]) on conflict do nothing",
    [projectId, scope, [...new Set(keys)]],
  );
}

/** The names as the stored rows have them, for writers that bring rows without a mapping (the demo loader, tests). */
export async function rebuildPropertyKeys(client: pg.PoolClient, projectId: string) {
  await client.query("delete from property_keys where project_id = $1", [projectId]);
  await client.query(
    `insert into property_keys (project_id, scope, key)
     select distinct $1::uuid, 'event', jsonb_object_keys(properties) from events where project_id = $1 and properties <> '{}'::jsonb
     union
     select distinct $1::uuid, 'person', jsonb_object_keys(properties) from people where project_id = $1 and properties <> '{}'::jsonb`,
    [projectId],
  );
}

/** The project's property names, per scope: what the parameters' references are checked against. */
export async function readPropertyNames(pool: pg.Pool, projectId: string): Promise<PropertyNames> {
  const { rows } = await pool.query<{ scope: FilterScope; key: string }>("select scope, key from property_keys where project_id = $1 order by key", [projectId]);
  const of = (scope: FilterScope) => rows.filter((r) => r.scope === scope).map((r) => r.key);
  return { eventProperties: of("event"), personProperties: of("person") };
}

/** The project's event names, the first 500 in name order. */
export async function readEventNames(pool: pg.Pool, projectId: string): Promise<string[]> {
  // Distinct event names by skipping through the (name, occurred_at) index of each of the project's partitions: one probe per name, not a scan.
  const { rows } = await pool.query<{ name: string }>(
    `with recursive names as (
       select min(name) as name from events where project_id = $1
       union all
       select (select min(e.name) from events e where e.project_id = $1 and e.name > n.name) from names n where n.name is not null
     )
     select name from names where name is not null limit 500`,
    [projectId],
  );
  return rows.map((r) => r.name);
}

/**
 * Of the names given, those the project has no event of: one probe per name, the least name at or after it, read off
 * the (name, occurred_at) index as readEventNames does. As `not exists`, PostgreSQL 16 and later plan an anti join
 * that hashes the few names and reads every event (3.5 s at 10M events, beside every funnel); as a lookup with a
 * limit, a sequential scan that stops at the first match, which for a rare or missing name is most of the table.
 */
export async function missingEventNames(pool: pg.Pool, projectId: string, names: string[]): Promise<Set<string>> {
  if (!names.length) return new Set();
  const { rows } = await pool.query<{ name: string }>(
    `select n.name from unnest($2::text[]) as n(name)
     where (select min(e.name) from events e where e.project_id = $1 and e.name >= n.name) is distinct from n.name`,
    [projectId, [...new Set(names)]],
  );
  return new Set(rows.map((r) => r.name));
}

/** A warning for each referenced event name the project has none of, with the nearest name it has (vocabulary.ts). */
export async function eventNameWarnings(pool: pg.Pool, projectId: string, references: EventReference[]): Promise<string[]> {
  const missing = await missingEventNames(pool, projectId, references.map((r) => r.event));
  if (!missing.size) return [];
  return unknownEventWarnings(references.filter((r) => missing.has(r.event)), await readEventNames(pool, projectId));
}

/** The project's event names, property names and campaigns: what the report forms offer. */
export async function readVocabulary(pool: pg.Pool, projectId: string): Promise<Vocabulary> {
  const [events, properties, campaigns] = await Promise.all([
    readEventNames(pool, projectId),
    readPropertyNames(pool, projectId),
    pool.query<{ id: string; name: string }>(
      `select campaign_id as id, coalesce(max(campaign_name), campaign_id) as name from campaign_sends where project_id = $1
       group by campaign_id order by max(sent_at) desc limit 500`,
      [projectId],
    ),
  ]);
  return { events, ...properties, campaigns: campaigns.rows };
}
