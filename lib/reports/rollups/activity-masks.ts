import "server-only";
import type pg from "pg";
import { empty, runSql, sql, type Sql } from "@/lib/db/sql";
import { phaseTimer } from "@/lib/phase-timer";
import { forgetDays, mergeDays } from "./activity-days";
import { elapsedBetween, momentParts, weekNumberOfEpoch } from "../sql/periods";
import { projectEvents } from "../sql/identifiers";

/**
 * The activity rollup behind retention (docs/retention.md): each person's first and last event time
 * (activity_people) and bit masks of the weeks and months they were active in, counted from their first period
 * (activity_masks). Every function here runs inside the caller's transaction, the one that changes the events; the
 * caller also marks the project changed (data-version.ts), as every writer does.
 */

/** Periods per mask row. Calendar bits 0–61 are periods 62·chunk + bit; elapsed bit b is period 62·chunk + b − 1. */
export const CHUNK = 62;

type RollupProject = { id: string; timezone: string };

/**
 * Adds events to the rollup. `source` is a query returning (person_id text, occurred_at timestamptz) rows: the
 * staging table of an upload, or the events table narrowed to some people. A person whose first event moves earlier
 * has every mask position moved, so their masks are rebuilt from all of their events (which include the new ones);
 * everyone else's masks take the new bits by OR.
 */
export async function addActivity(client: pg.PoolClient, project: RollupProject, source: Sql) {
  await readActivity(client, project, source);
  await mergeActivity(client, project);
}

/**
 * The first half of addActivity: the one pass over the source's events, which reads the source and writes nothing
 * shared. It leaves `activity_day_batch` for mergeActivity, and for `firstEventsOfBatch` and `peopleOfBatch`.
 */
export async function readActivity(client: pg.PoolClient, project: RollupProject, source: Sql) {
  const local = sql`(s.occurred_at at time zone ${project.timezone})`;
  await client.query("drop table if exists activity_day_batch");
  // The one pass over the source's events, one row a person: their local days in order, and for each day the hours
  // they were active in and its first and last local time. The local time is computed once per event (fenced), not
  // once per use. The days come sorted by person and day, so each person's arrays are built in that order as they
  // stream past (no parallel workers, whose rows would interleave), with no sort per person. The events are read in
  // person and time order, which the per-person index of a large upload's table (or of the events) gives, and each
  // person's few days are then sorted apart (an incremental sort): hashing 10M events' person-days and sorting them
  // all, as the planner otherwise does, took 21 s against 15 s.
  await client.query("set local max_parallel_workers_per_gather = 0; set local enable_hashagg = off");
  await runSql(
    client,
    sql`create temp table activity_day_batch on commit drop as
      select person_id, array_agg(day) as days, array_agg(hours) as hours, array_agg(first_local) as firsts, array_agg(last_local) as lasts,
        min(first_at) as first_at
      from (
        select t.person_id, t.t::date as day, min(t.t) as first_local, max(t.t) as last_local, bit_or(1 << date_part('hour', t.t)::int) as hours,
          min(t.at) as first_at
        from (select s.person_id, ${local} as t, s.occurred_at as at from (${source}) s where s.occurred_at is not null order by s.person_id, s.occurred_at offset 0) t
        group by 1, 2 order by 1, 2
      ) d
      group by person_id`,
  );
  await client.query("reset max_parallel_workers_per_gather; reset enable_hashagg");
}

/**
 * After readActivity, until the transaction ends: each person of the source with their first event in it
 * (person_id, first_seen), and the people alone, from its pass, so that no other step needs a pass of its own over
 * the source's events to find them.
 */
export const firstEventsOfBatch = sql`select person_id, first_at as first_seen from activity_day_batch`;
export const peopleOfBatch = sql`select person_id from activity_day_batch`;

/**
 * The second half of addActivity: the batch of readActivity merged into the rollup. Its people go first to a
 * temporary table, `activity_batch`, with their times in the source, what the rollup knew of them, and their first
 * event as it now stands (`f`); it is analyzed at once, so the planner knows how many people the statements after
 * it handle. Its one join with activity_people runs without nested loops: for a project new since that table was
 * last analyzed the planner expects one person, and a nested loop planned for one ran minutes on a few thousand.
 */
export async function mergeActivity(client: pg.PoolClient, project: RollupProject) {
  const phase = phaseTimer();
  const pid = sql`${project.id}::uuid`;
  await client.query("drop table if exists activity_batch; set local enable_nestloop = off");
  await runSql(
    client,
    sql`create temp table activity_batch on commit drop as
      select l.person_id, l.firsts[1] as first_local, l.lasts[cardinality(l.lasts)] as last_local, ap.first_local as known_first, ap.last_local as known_last,
        least(l.firsts[1], ap.first_local) as f
      from activity_day_batch l
      left join activity_people ap on ap.project_id = ${pid} and ap.person_id = l.person_id`,
  );
  await client.query("reset enable_nestloop; analyze activity_batch");
  const { rows } = await runSql<{ moved: string[]; known: boolean | null; from: string | null; to: string | null }>(
    client,
    sql`select coalesce(array_agg(person_id) filter (where first_local < known_first), '{}') as moved, bool_or(known_first is not null) as known,
      min(first_local)::text as from, max(last_local)::text as to
    from activity_batch`,
  );
  const { moved = [], from = null, to = null } = rows[0] ?? {};
  const known = rows[0]?.known ?? true;
  // Nobody in the batch was known (a first upload, say): their rows are plainly inserted, with no lookup of each
  // first (500,000 people: 2.3 s against 3.2–3.9 s). A person is in the batch only once their row in people is
  // written (or locked), so a concurrent upload of the same person cannot insert them here meanwhile.
  await runSql(
    client,
    sql`insert into activity_people as a (project_id, person_id, first_local, last_local)
      select ${pid}, person_id, first_local, last_local from activity_batch
      ${known ? keepEarliestAndLatest : empty}`,
  );
  phase("rollup: people");
  await mergeDays(client, project.id, known);
  phase("rollup: days");
  if (from && to) {
    const others = moved.length ? sql`and person_id <> all(${moved})` : sql``;
    // Nobody in the source was known before (a first upload, say): no mask row of theirs exists to merge with.
    const merge = known ? "or" : "insert";
    // Each local day's first and last times stand for all of its events: a day has one calendar week and month, and
    // the periods elapsed since the first event only grow with time and change at most once in a day (a period is
    // longer), so a day's events have the elapsed counts of its first and last. A third as many rows as events.
    // Each person's parts are joined to their row of days, which is then unnested: one join row a person, not a day.
    const days = sql`select f.*, date_part('epoch', unnest(b.firsts)) as a_epoch, date_part('epoch', unnest(b.lasts)) as b_epoch
      from ${firstParts} f join activity_day_batch b using (person_id) where true ${others}`;
    await runSql(client, insertMasks(project, days, monthStarts(from, to), merge));
  }
  phase("rollup: masks");
  if (moved.length) {
    const { rows: span } = await runSql<{ from: string; to: string }>(
      client,
      sql`select min(f)::text as from, max(greatest(last_local, known_last))::text as to from activity_batch where first_local < known_first`,
    );
    await runSql(client, sql`delete from activity_masks where project_id = ${pid} and person_id = any(${moved})`);
    const theirs = sql`select f.*, e.t as a_epoch, e.t as b_epoch
      from ${firstParts} f join (select person_id, date_part('epoch', occurred_at at time zone ${project.timezone}) as t
        from ${projectEvents(project.id)} where person_id = any(${moved}) and occurred_at is not null offset 0) e using (person_id)`;
    await runSql(client, insertMasks(project, theirs, monthStarts(span[0]!.from, span[0]!.to), "insert"));
  }
}

/**
 * The local months from the one holding `from` to the one holding `to` (local times 'YYYY-MM-DD …'): each start's
 * wall-clock epoch seconds, and the month number (year·12 + month) of the first. Calendar arithmetic only: the
 * wall-clock epoch of a local time is that of the same fields in UTC.
 */
type MonthStarts = { first: number; epochs: number[] };
function monthStarts(from: string, to: string): MonthStarts {
  const first = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7));
  const last = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  const epochs: number[] = [];
  for (let n = first; n <= last; n++) epochs.push(Date.UTC(Math.floor((n - 1) / 12), (n - 1) % 12, 1) / 1000);
  return { first, epochs };
}

/**
 * Each person's first event (`f` of activity_batch) in the parts the masks' positions are counted from, computed once
 * a person: the sources of insertMasks join them to the person's moments.
 */
const firstParts = (() => {
  const f = momentParts(sql`f`);
  return sql`(select person_id, ${f.week} as f_week, ${f.epoch} as f_epoch, ${f.month} as f_month, date_part('epoch', ${f.inMonth}) as f_in_month
    from activity_batch offset 0)`;
})();

/**
 * ORs the bits of the source's moments into the masks, positions counted from each person's first event. `source`
 * returns (person_id, f_week, f_epoch, f_month, f_in_month: the person's `firstParts`, a_epoch, b_epoch): two local
 * times of one local day, a ≤ b, as wall-clock epoch seconds (an event's time twice, or a day's first and last). Each
 * row sets one calendar bit per grain, and the elapsed bits of both times, in the same row (the elapsed count is the
 * calendar one or one less, hence elapsed bits stored one higher).
 *
 * This runs over millions of rows in a large upload, so each row's parts are computed once (the `offset 0` fences keep
 * the planner from inlining them into every use) and cheaply: the week by arithmetic on the epoch, the month by a
 * binary search of the months the rows span. Rows are grouped by person and both grains' rows at once, then per
 * grain, and each grain's rows are inserted in the primary key's order: in hash order, each went to a leaf page of
 * its own (1M rows: 5.2 s against 1.8 s sorted, into an empty copy of the table).
 */
function insertMasks(project: RollupProject, source: Sql, months: MonthStarts, merge: "or" | "insert"): Sql {
  const pid = sql`${project.id}::uuid`;
  const bit = (n: Sql) => sql`(1::bigint << (${n}))`;
  const c = sql`${CHUNK}::int`;
  const first = { epoch: sql`e.f_epoch`, month: sql`e.f_month`, inMonth: sql`e.f_in_month` };
  // Both times are in the same month.
  const moment = (epoch: Sql) => ({
    epoch,
    month: sql`(${months.first - 1}::int + e.mi)`,
    inMonth: sql`(${epoch} - (${months.epochs}::float8[])[e.mi])`,
  });
  const [atA, atB] = [moment(sql`e.a_epoch`), moment(sql`e.b_epoch`)];
  return sql`insert into activity_masks as m (project_id, grain, person_id, chunk, first_period, calendar, elapsed)
    with idx as (
      select e.person_id, e.f_week, e.f_month,
        ${weekNumberOfEpoch(sql`e.a_epoch`)} - e.f_week as cw, ${elapsedBetween("week", first, atA)} as ewa, ${elapsedBetween("week", first, atB)} as ewb,
        ${atA.month} - e.f_month as cm, ${elapsedBetween("month", first, atA)} as ema, ${elapsedBetween("month", first, atB)} as emb
      from (
        select l.*, width_bucket(l.a_epoch, ${months.epochs}::float8[]) as mi
        from (${source} offset 0) l
        offset 0
      ) e
      offset 0
    ),
    both_grains as (
      select person_id, f_week, f_month, cw / ${c} as wc, cm / ${c} as mc,
        bit_or(${bit(sql`cw % ${c}`)}) as wcal, bit_or(${bit(sql`ewa - ${c} * (cw / ${c}) + 1`)} | ${bit(sql`ewb - ${c} * (cw / ${c}) + 1`)}) as wela,
        bit_or(${bit(sql`cm % ${c}`)}) as mcal, bit_or(${bit(sql`ema - ${c} * (cm / ${c}) + 1`)} | ${bit(sql`emb - ${c} * (cm / ${c}) + 1`)}) as mela
      from idx group by 1, 2, 3, 4, 5
    )
    (select ${pid}, 'week', person_id, wc, f_week, bit_or(wcal), bit_or(wela) from both_grains group by person_id, f_week, wc order by person_id, wc)
    union all
    (select ${pid}, 'month', person_id, mc, f_month, bit_or(mcal), bit_or(mela) from both_grains group by person_id, f_month, mc order by person_id, mc)
    ${merge === "or" ? orIntoExisting : sql``}`;
}

// The merge of people known before: their first and last times widen, and a row that does not widen stays as it is.
const keepEarliestAndLatest = sql`on conflict (project_id, person_id) do update
  set first_local = least(a.first_local, excluded.first_local), last_local = greatest(a.last_local, excluded.last_local)
  where excluded.first_local < a.first_local or excluded.last_local > a.last_local`;

// The merge into the rows of people known before. New people's rows are plainly inserted, which is cheaper: no
// existing row is looked for before each is written.
const orIntoExisting = sql`on conflict (project_id, grain, person_id, chunk) do update
      set calendar = m.calendar | excluded.calendar, elapsed = m.elapsed | excluded.elapsed
      -- A row that gains no bit is left alone (no new row version), as when the same events arrive again.
      where (m.calendar | excluded.calendar) <> m.calendar or (m.elapsed | excluded.elapsed) <> m.elapsed`;

/**
 * Rebuilds the rollup of some people (all of the project's when `people` is omitted) from the events table. The
 * project's own table is read, not `events` filtered by project: that filter is a column the per-person index lacks,
 * so each event's row would be fetched, where the index alone gives the people's events in order (the pass over a
 * project of 10M events: 27 s against 49–55 s).
 */
export async function rebuildActivity(client: pg.PoolClient, project: RollupProject, people?: Sql) {
  const only = people ? sql`and person_id in (${people})` : sql``;
  await runSql(client, sql`delete from activity_masks where project_id = ${project.id}::uuid ${only}`);
  await runSql(client, sql`delete from activity_people where project_id = ${project.id}::uuid ${only}`);
  await forgetDays(client, project.id, people);
  await addActivity(client, project, sql`select person_id, occurred_at from ${projectEvents(project.id)} where true ${only}`);
}

