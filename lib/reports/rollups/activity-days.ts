import "server-only";
import type pg from "pg";
import { empty, runSql, sql, type Sql } from "@/lib/db/sql";

/**
 * The day rollups behind the activity report and the overview's daily series (docs/performance.md, "Activity and the
 * overview from a day rollup" and "Activity's spans and the overview's top events from rollups"):
 * - activity_days: one row a person, their active local days in order and beside each a 24-bit mask of the local
 *   hours they were active in. A day's next active day is the entry beside it: no sort of events, no window function.
 * - activity_spans: per project, the people active on each day counted by the days to their next active day (at most
 *   30). A window of k days counts a person on the first min(gap, k) days of each span, so DAU, WAU and MAU of any
 *   day are sums over a few thousand rows. Counts add up: when a person's days change, their old spans are taken
 *   out and the new ones put in.
 * - event_slots: events per UTC quarter hour and upload, for the weekday × hour counts. Every zone's offset is a whole
 *   number of quarter hours, so one count serves any zone, and an upload's counts go with it.
 * Every function here runs inside the caller's transaction, the one that changes the events.
 */

/**
 * Merges `activity_day_batch` (person_id, days, hours: the source's events per person, as addActivity builds them
 * in its one pass over the events) into the people's rows: new people's rows are inserted; a known person's days
 * become the union of both, their hours on a day shared by both the OR of both masks. When nobody in the batch was
 * `known` before (a first upload, a rebuild), rows are plainly inserted, with no lookup of each first. The people's
 * spans leave activity_spans as their days were and come back as they are now.
 */
export async function mergeDays(client: pg.PoolClient, projectId: string, known: boolean) {
  const theirRows = sql`select a.days from activity_days a join activity_batch b on b.person_id = a.person_id where a.project_id = ${projectId}::uuid`;
  if (known) await countSpans(client, projectId, theirRows, -1);
  await runSql(
    client,
    sql`insert into activity_days as a (project_id, person_id, days, hours)
      select ${projectId}::uuid, person_id, days, hours from activity_day_batch
      ${known ? union : empty}`,
  );
  await countSpans(client, projectId, known ? theirRows : sql`select days from activity_day_batch`, 1);
  if (known) await dropEmptySpans(client, projectId);
}

const union = sql`on conflict (project_id, person_id) do update set (days, hours) = (
  select array_agg(d order by d), array_agg(h order by d)
  from (select d, bit_or(h) as h from unnest(a.days || excluded.days, a.hours || excluded.hours) u(d, h) group by d) m
)`;

/**
 * The longest rolling window (MAU). A span is a person's active day and the days after it up to their next one, at
 * most this many: a window of k days counts them on the first min(gap, k) days of each span.
 */
export const LONGEST_WINDOW = 30;

/**
 * Adds (sign 1) or takes out (sign −1) the spans of some people's days (`rows`: a query returning their `days`) in
 * activity_spans: each active day with the days to the person's next one, at most LONGEST_WINDOW.
 */
async function countSpans(client: pg.PoolClient, projectId: string, rows: Sql, sign: 1 | -1) {
  await runSql(
    client,
    sql`insert into activity_spans as s (project_id, day, gap, people)
      select ${projectId}::uuid, a.days[i], least(coalesce(a.days[i + 1] - a.days[i], ${LONGEST_WINDOW}::int), ${LONGEST_WINDOW}::int), ${sign}::int * count(*)
      from (${rows}) a cross join lateral generate_series(1, cardinality(a.days)) i
      group by 2, 3
      on conflict (project_id, day, gap) do update set people = s.people + excluded.people`,
  );
}

/** Counts that came to nothing once people's old spans were taken out: a rebuild would not have them. */
async function dropEmptySpans(client: pg.PoolClient, projectId: string) {
  await client.query("delete from activity_spans where project_id = $1 and people = 0", [projectId]);
}

/** Takes some people's days (all of the project's when `people` is omitted) out of the day rollup, spans included. */
export async function forgetDays(client: pg.PoolClient, projectId: string, people?: Sql) {
  if (!people) {
    await client.query("delete from activity_spans where project_id = $1", [projectId]);
    await client.query("delete from activity_days where project_id = $1", [projectId]);
    return;
  }
  await countSpans(client, projectId, sql`select days from activity_days where project_id = ${projectId}::uuid and person_id in (${people})`, -1);
  await dropEmptySpans(client, projectId);
  await runSql(client, sql`delete from activity_days where project_id = ${projectId}::uuid and person_id in (${people})`);
}

/**
 * Each person's active days from `from` to `to` (dates), as a FROM clause with the person's row `a` and `i`, the
 * place of a day in `a.days`. width_bucket counts the days up to its first argument, so the slice is found by binary
 * search, not by reading every day. People with no day in the range are left out before their series is set up: most
 * of a project's people in a 90-day range (the 10M suite: 284k of 500k), and a function scan each cost them ~0.2 s.
 */
export function activeDaysBetween(projectId: string, from: Sql, to: Sql): Sql {
  const { before, through } = daysUpTo(from, to);
  return sql`activity_days a cross join lateral generate_series(${before} + 1, ${through}) i
    where a.project_id = ${projectId}::uuid and ${through} > ${before}`;
}

/** The number of people with an active day from `from` to `to` (dates), by two binary searches in each person's days. */
export function peopleActiveBetween(projectId: string, from: Sql, to: Sql): Sql {
  const { before, through } = daysUpTo(from, to);
  return sql`(select count(*) from activity_days a where a.project_id = ${projectId}::uuid and ${through} > ${before})`;
}

/** How many of person `a`'s days come before `from`, and up to `to` (dates): two binary searches in the sorted days. */
function daysUpTo(from: Sql, to: Sql) {
  return { before: sql`width_bucket(${from} - 1, a.days)`, through: sql`width_bucket(${to}, a.days)` };
}

/**
 * True when no event of the project is later than `asOf`: the day rollups, which know days and quarter hours but not
 * times, then hold exactly the events a report up to as_of reads. At or after the last millisecond of the project's
 * last quarter hour with events (a few thousand rows, read in milliseconds; event times are kept to the
 * millisecond); only an as_of inside that quarter hour or before it looks for a later event. An as_of given as a day
 * is that day's last millisecond, so the data's last day needs no look.
 */
export function nothingAfter(projectId: string, asOf: Sql): Sql {
  return sql`(coalesce(${asOf} >= (select max(slot) from event_slots where project_id = ${projectId}::uuid) + interval '15 minutes' - interval '1 millisecond', true)
    or not exists (select 1 from events where project_id = ${projectId}::uuid and occurred_at > ${asOf}))`;
}

/** Counts one upload's events (a query returning occurred_at) into event_slots. */
export async function countSlots(client: pg.PoolClient, projectId: string, uploadId: string | number, source: Sql) {
  await runSql(
    client,
    sql`insert into event_slots (project_id, upload_id, slot, events)
      select ${projectId}::uuid, ${String(uploadId)}::bigint, date_bin('15 minutes', s.occurred_at, '2000-01-01 00:00:00+00'), count(*)
      from (${source}) s where s.occurred_at is not null group by 3`,
  );
}

/** Takes a removed upload's events out of event_slots. */
export async function forgetSlots(client: pg.PoolClient, projectId: string, uploadId: string) {
  await client.query("delete from event_slots where project_id = $1 and upload_id = $2", [projectId, uploadId]);
}

/** Recounts a project's event_slots from its events (after events were written without an upload's count). */
export async function rebuildSlots(client: pg.PoolClient, projectId: string) {
  await client.query("delete from event_slots where project_id = $1", [projectId]);
  await runSql(
    client,
    sql`insert into event_slots (project_id, upload_id, slot, events)
      select ${projectId}::uuid, coalesce(upload_id, 0), date_bin('15 minutes', occurred_at, '2000-01-01 00:00:00+00'), count(*)
      from events where project_id = ${projectId}::uuid and occurred_at is not null group by 2, 3`,
  );
}
