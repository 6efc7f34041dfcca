import "server-only";
import type pg from "pg";
import { join, sql } from "@/lib/db/sql";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import { formatFilter, type FilterScope } from "./filters";
import { propertyExpression } from "./sql/filters";
import { projectEvents } from "./sql/identifiers";

/** One value of a property and how many rows of the scope hold it (among the rows read). */
export type PropertyValueCount = { value: string; count: number };

/** What a value picker shows: the top values, and whether they were counted over part of the rows only. */
export type PropertyValues = { values: PropertyValueCount[]; rowsRead: number; sampled: boolean };

/**
 * Rows read at most, per request. A picker needs the common values, not exact totals: reading a bounded number of
 * rows keeps a suggestion quick on a project of millions of events, and on a smaller project every row is counted.
 */
export const VALUE_ROWS = 100_000;

/**
 * The most common values of one property of one scope, count first and then value, narrowed to values containing
 * `search` (case-insensitive). The property name and the search are bound values; the column, where the property
 * has one, comes from the filters' constant table (sql/filters.ts) — the caller has checked the name is the project's.
 */
export async function readPropertyValues(
  pool: pg.Pool,
  projectId: string,
  { scope, property, search, limit }: { scope: FilterScope; property: string; search: string; limit: number },
): Promise<PropertyValues> {
  const expr = propertyExpression(scope, property);
  // The rows first (limited, in no order: the first ones the scan meets), then their values: the limit bounds the work
  // whatever the property, and a search narrows among the same rows so the counts it shows are comparable.
  const rows =
    scope === "event"
      ? sql`select ${expr} as value from ${projectEvents(projectId)} e limit ${VALUE_ROWS}`
      : sql`select ${expr} as value from people p where p.project_id = ${projectId}::uuid limit ${VALUE_ROWS}`;
  const query = sql`
    with read as (${rows}),
    counted as (
      select value, count(*)::int as count from read
      where value is not null and value <> '' and (${search} = '' or strpos(lower(value), lower(${search})) > 0)
      group by value order by count(*) desc, value limit ${limit}
    )
    select (select count(*)::int from read) as rows_read,
           coalesce((select json_agg(json_build_object('value', value, 'count', count) order by count desc, value) from counted), '[]'::json) as values`;
  const { rows: found } = await pool.query<{ rows_read: number; values: PropertyValueCount[] }>(query.text, query.values);
  const { rows_read: rowsRead, values } = found[0]!;
  return { values, rowsRead, sampled: rowsRead >= VALUE_ROWS };
}

/** Rows read for the examples: enough to find a common value, few enough for every report page to afford. */
const EXAMPLE_ROWS = 5_000;

/**
 * An example filter of each scope taken from the project's data, for the filter editor's placeholder: the most common
 * property and value among a few thousand rows (a person's typed attributes counted with their other properties),
 * so that the example matches someone. Null for a scope without properties.
 */
export async function readFilterExamples(pool: pg.Pool, projectId: string): Promise<Record<FilterScope, string | null>> {
  // Typed columns join the JSON bag as properties of the same name (from the constant list of columns).
  const attributes = join(PERSON_ATTRIBUTES.map((a) => sql`${a}::text, ${propertyExpression("person", a)}`), ", ");
  const top = (bag: ReturnType<typeof sql>) => sql`
    select kv.key, kv.value from (${bag}) r(bag), jsonb_each_text(r.bag) kv
    where kv.value <> '' and length(kv.value) <= 40
    group by kv.key, kv.value order by count(*) desc, kv.key, kv.value limit 1`;
  const person = top(sql`select jsonb_build_object(${attributes}) || p.properties from people p where p.project_id = ${projectId}::uuid limit ${EXAMPLE_ROWS}`);
  const event = top(sql`select e.properties from ${projectEvents(projectId)} e where e.properties <> '{}'::jsonb limit ${EXAMPLE_ROWS}`);
  const [p, e] = await Promise.all([person, event].map((q) => pool.query<{ key: string; value: string }>(q.text, q.values)));
  const example = (scope: FilterScope, row: { key: string; value: string } | undefined) => (row ? formatFilter({ scope, property: row.key, op: "=", value: row.value }) : null);
  return { person: example("person", p!.rows[0]), event: example("event", e!.rows[0]) };
}
