import "server-only";
import type pg from "pg";
import { sql, type Sql } from "@/lib/db/sql";

/**
 * The activity rollup behind retention: one row per person per local ISO week and month with any timed event,
 * holding the count and the wall-clock times of the first and last event, and each person's first event time
 * (docs/retention.md). Every function here
 * runs inside the caller's transaction, the one that changes the events, and bumps the project's data version so
 * cached report results are never served for data that changed.
 */

/**
 * Adds events to the rollup. `source` is a query returning (person_id text, occurred_at timestamptz) rows: the
 * staging table of an upload, or the events table narrowed to some people. Days are aggregated first; weeks and
 * months are rolled up from the days, so the events are read once. There are no day rows: they would be the most
 * numerous and cost every upload as much as the events' own indexes, while a daily report reads a few weeks of
 * events through the (project_id, occurred_at) index.
 */
export async function addActivity(client: pg.PoolClient, project: { id: string; timezone: string }, source: Sql) {
  await run(
    client,
    sql`with src as (${source}),
    days as (
      select person_id, (occurred_at at time zone ${project.timezone})::date as day, count(*)::int as events,
        min(occurred_at at time zone ${project.timezone}) as first_local, max(occurred_at at time zone ${project.timezone}) as last_local
      from src where occurred_at is not null group by 1, 2
    ),
    rows as (
      select 'week' as grain, date_trunc('week', day)::date as period_start, person_id, sum(events)::int as events,
        min(first_local) as first_local, max(last_local) as last_local
      from days group by 2, 3
      union all
      select 'month', date_trunc('month', day)::date, person_id, sum(events)::int, min(first_local), max(last_local) from days group by 2, 3
    ),
    -- Each person's first time only moves earlier.
    firsts as (
      insert into activity_firsts as f (project_id, person_id, first_local)
      select ${project.id}::uuid, person_id, min(first_local) from days group by person_id
      on conflict (project_id, person_id) do update set first_local = excluded.first_local where excluded.first_local < f.first_local
    )
    insert into activity_periods as a (project_id, grain, period_start, person_id, events, first_local, last_local)
    select ${project.id}::uuid, grain, period_start, person_id, events, first_local, last_local from rows
    on conflict (project_id, grain, period_start, person_id) do update set
      events = a.events + excluded.events,
      first_local = least(a.first_local, excluded.first_local),
      last_local = greatest(a.last_local, excluded.last_local)`,
  );
  await touchProject(client, project.id);
}

/** Rebuilds the rows of some people (all of the project's when `people` is omitted) from the events table. */
export async function rebuildActivity(client: pg.PoolClient, project: { id: string; timezone: string }, people?: Sql) {
  const only = people ? sql`and person_id in (${people})` : sql``;
  await run(client, sql`delete from activity_periods where project_id = ${project.id}::uuid ${only}`);
  await run(client, sql`delete from activity_firsts where project_id = ${project.id}::uuid ${only}`);
  await addActivity(client, project, sql`select person_id, occurred_at from events where project_id = ${project.id}::uuid ${only}`);
}

/** Marks the project's data as changed (for result caches), inside the caller's transaction. */
export async function touchProject(client: pg.PoolClient, projectId: string) {
  await client.query("update projects set data_version = data_version + 1 where id = $1", [projectId]);
}

async function run(client: pg.PoolClient, query: Sql) {
  return client.query(query.text, query.values as unknown[]);
}
