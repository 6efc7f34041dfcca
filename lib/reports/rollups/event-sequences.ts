import "server-only";
import type pg from "pg";
import { empty, runSql, sql, type Sql } from "@/lib/db/sql";
import { projectEvents } from "../sql/identifiers";
import { refreshFollowUps } from "./campaign-members";

/**
 * The sequence rollup behind funnels and campaign KPIs (docs/performance.md, "Funnels from each person's sequence"):
 * one row a person, their event names and times as two arrays in the person's order — time (infinity without a
 * clock, so untimed events come last), then upload, place in the file and name, the order every funnel reads events
 * in. A funnel's next step is then `array_position(names, step, after + 1)` in that one row, where a join of each
 * step's events would hash millions of rows. Beside them, the person's timed events with revenue: their times and the
 * running total of revenue at each, so that the revenue between two times is the difference of two totals. And each
 * distinct name with its count of events, which the overview's top events over all time add up. Every
 * function here runs inside the caller's transaction, the one that changes the events; the caller also marks the
 * project changed (data-version.ts), as every writer does.
 */

/**
 * How many of a person's sorted `times` (a row's `ats`, or `revenue_ats`) are before the instant `at`: width_bucket
 * counts the times up to its first argument, and times are kept to the millisecond, so up to a microsecond before.
 */
export function eventsBefore(at: Sql, times: Sql): Sql {
  return sql`width_bucket(${at} - interval '1 microsecond', ${times})`;
}

/**
 * Rebuilds the rows of some people (all of the project's when `people` is omitted: a project's first upload, or a
 * rebuild) from the events table. The project's events are read in the rollup's order from the per-person index
 * (person, time, upload, position, name): one ordered pass with no sort, from the index alone for a large upload,
 * whose rows are frozen. The arrays take the rows in the order the subquery gives them, which holds because nothing
 * between the two reorders them: no join before the aggregate, and no parallel workers (set off here), whose partial
 * arrays would be combined in any order. The campaign members of those people then read their follow-ups again from
 * the new rows (campaign-members.ts), unless the caller knows that only events without a clock came or went: those
 * are neither before a send nor among its follow-ups, nor anyone's first event while they have one with a clock.
 * `added`: events were only added, and this query gives each person's earliest (person_id, at).
 */
export async function rebuildSequences(
  client: pg.PoolClient,
  projectId: string,
  people?: Sql,
  { untimedOnly = false, added }: { untimedOnly?: boolean; added?: Sql } = {},
) {
  if (people) {
    // The people go to a table of their own, analyzed, so that the planner knows how many they are: from a query
    // (the distinct people of a new upload's table, with no statistics yet) it took 41,554 people of a journeys
    // upload for 200, and probed the per-person index of each segment once a person, fetching each one's revenue
    // rows from all over the table (25 s), where one ordered read of the index takes 2.4 s. Beside each, when events
    // were only added, the time of their earliest added event, which bounds the members whose follow-ups can change
    // (refreshFollowUps).
    const source = added
      ? sql`select p.person_id, a.at as added_at from (select distinct u.person_id from (${people}) u(person_id)) p
          left join (select a.person_id, min(a.at) as at from (${added}) a(person_id, at) group by 1) a using (person_id)`
      : sql`select distinct p.person_id, null::timestamptz as added_at from (${people}) p(person_id)`;
    await client.query("drop table if exists sequence_people");
    await runSql(client, sql`create temp table sequence_people on commit drop as ${source}`);
    await client.query("analyze sequence_people");
  }
  const chosen = people ? sql`select person_id from sequence_people` : undefined;
  const ofPeople = (column: Sql) => (chosen ? sql`and ${column} in (${chosen})` : empty);
  const pid = sql`${projectId}::uuid`;
  await client.query("set local max_parallel_workers_per_gather = 0");
  await runSql(client, sql`delete from event_sequences where project_id = ${pid} ${ofPeople(sql`person_id`)}`);
  // Revenue is read apart, from the few events that have it, so that the ordered read of every event stays on the
  // index alone. Those events are read first and sorted after (the fence, offset 0, plans their read with no order
  // asked of it): during an upload the new rows have no statistics yet, and the planner, taking most events for
  // revenue, otherwise read all 10M through the per-person index to skip the sort (45 s instead of 2 s). Its arrays
  // are ordered by their own aggregates, as the window's order is not the rows' order after the join.
  await runSql(
    client,
    sql`insert into event_sequences (project_id, person_id, names, ats, revenue_ats, revenue_sums, distinct_names, name_counts)
      select ${pid}, s.person_id, s.names, s.ats, r.ats, r.sums, c.names, c.counts
      from (
        select person_id, array_agg(name) as names, array_agg(coalesce(occurred_at, 'infinity')) as ats
        from (
          select e.person_id, e.name, e.occurred_at from ${projectEvents(projectId)} e where true ${ofPeople(sql`e.person_id`)}
          order by e.person_id, e.occurred_at, e.upload_id, e.position, e.name
        ) ordered
        group by person_id
      ) s
      left join (
        select person_id, array_agg(occurred_at order by occurred_at, upload_id, position, name) as ats,
          array_agg(total order by occurred_at, upload_id, position, name) as sums
        from (
          select e.person_id, e.occurred_at, e.upload_id, e.position, e.name,
            sum(e.revenue) over (partition by e.person_id order by e.occurred_at, e.upload_id, e.position, e.name rows unbounded preceding) as total
          from (
            select e.person_id, e.occurred_at, e.upload_id, e.position, e.name, e.revenue from ${projectEvents(projectId)} e
            where e.revenue is not null and e.occurred_at is not null ${ofPeople(sql`e.person_id`)}
            offset 0
          ) e
        ) w
        group by person_id
      ) r on r.person_id = s.person_id
      -- Each distinct name and its count, from the names just built: both arrays from one aggregate over the same
      -- rows, so that each count stands beside its name.
      cross join lateral (
        select array_agg(name) as names, array_agg(n) as counts from (select name, count(*)::int as n from unnest(s.names) name group by name) x
      ) c`,
  );
  await client.query("reset max_parallel_workers_per_gather");
  if (!untimedOnly) await refreshFollowUps(client, projectId, people ? sql`select person_id, added_at from sequence_people` : undefined);
}

/**
 * After events are added: the rows of the people the events belong to (`people`, a query of person ids, repeats
 * allowed: rebuildSequences keeps each once), or the whole project's when it had none before, which is one ordered
 * read instead of a lookup per person. `untimedOnly`: the events have no clock (page journeys), and leave the
 * campaign members' follow-ups as they are; `added`: each person's earliest added event (person_id, at), which bounds
 * the members whose follow-ups can change.
 */
export async function addSequences(client: pg.PoolClient, projectId: string, people: Sql, options: { untimedOnly?: boolean; added?: Sql } = {}) {
  const { rows } = await client.query<{ any: boolean }>("select exists (select 1 from event_sequences where project_id = $1) as any", [projectId]);
  await rebuildSequences(client, projectId, rows[0]!.any ? people : undefined, options);
}

