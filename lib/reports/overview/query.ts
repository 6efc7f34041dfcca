import "server-only";
import { empty, sql, type Sql } from "@/lib/db/sql";
import { filterConditions, needsPersonJoin, peopleOfEvents } from "../sql/filters";
import { boundsCte } from "../sql/time-bounds";
import { nothingAfter, peopleActiveBetween } from "../rollups/activity-days";
import { eventsBefore } from "../rollups/event-sequences";
import type { ReportProject } from "../definition";
import type { OverviewParams } from "./definition";

/** The range, resolved by a first small statement and then bound as values, so the planner sees them. */
export type OverviewBounds = {
  asOf: string;
  /** null over all time. */
  fromDay: string | null;
  toDay: string;
  /** The instants the range's days start and end at (readFrom null over all time). */
  readFrom: string | null;
  readBefore: string;
  partialDay: boolean;
  /** The range before: as many days, just before it; null over all time. */
  previous: { fromDay: string; toDay: string; readFrom: string; readBefore: string; shift: number } | null;
  /** No event of the project is later than as_of (the day rollups can answer). */
  nothingAfterAsOf: boolean;
};
export type OverviewBoundsRow = {
  as_of: Date;
  from_day: string | null;
  to_day: string;
  read_from: Date | null;
  read_before: Date;
  partial_day: boolean;
  previous_from_day: string | null;
  previous_to_day: string | null;
  previous_read_from: Date | null;
  shift: number | null;
  nothing_after_as_of: boolean;
};

export function overviewBoundsQuery(project: ReportProject, p: OverviewParams, now: Date): Sql {
  const tz = project.timezone;
  return sql`select as_of, from_day::text as from_day, to_day::text as to_day,
    from_day::timestamp at time zone ${tz} as read_from, (to_day + 1)::timestamp at time zone ${tz} as read_before,
    -- The as-of day's figures are not final while as_of falls before its end (the activity report's rule).
    (to_day = as_of_day and as_of < (as_of_day + 1)::timestamp at time zone ${tz} - interval '1 millisecond') as partial_day,
    (from_day - (to_day - from_day + 1))::text as previous_from_day, (from_day - 1)::text as previous_to_day,
    (from_day - (to_day - from_day + 1))::timestamp at time zone ${tz} as previous_read_from, (to_day - from_day + 1) as shift,
    ${nothingAfter(project.id, sql`as_of`)} as nothing_after_as_of
  from (${boundsCte(p, tz, now)}) bounds`;
}

export function overviewBounds(b: OverviewBoundsRow): OverviewBounds {
  return {
    asOf: b.as_of.toISOString(),
    fromDay: b.from_day,
    toDay: b.to_day,
    readFrom: b.read_from?.toISOString() ?? null,
    readBefore: b.read_before.toISOString(),
    partialDay: b.partial_day,
    previous:
      b.previous_from_day && b.previous_to_day && b.previous_read_from && b.read_from && b.shift !== null
        ? { fromDay: b.previous_from_day, toDay: b.previous_to_day, readFrom: b.previous_read_from.toISOString(), readBefore: b.read_from.toISOString(), shift: b.shift }
        : null,
    nothingAfterAsOf: b.nothing_after_as_of,
  };
}

/**
 * Whether the rollups answer (lib/reports/rollups/activity-days.ts, event-sequences.ts): without a filter, up to an
 * as_of no event comes after. Otherwise the events are read.
 */
export function overviewUsesRollup(p: OverviewParams, b: OverviewBounds): boolean {
  return !p.where.length && b.nothingAfterAsOf;
}

/**
 * One statement: `totals`, `top_events` and `day_counts` (with `previous_day_counts` and `previous_totals` when there
 * is a range before) from the rollups or from the events, then the day series, generated so that days without events
 * show as zero rather than missing.
 */
export function overviewQuery(project: ReportProject, p: OverviewParams, b: OverviewBounds): Sql {
  const toDay = sql`${b.toDay}::date`;
  const previous = b.previous;
  return sql`with ${overviewUsesRollup(p, b) ? fromRollup(project, p, b) : fromEvents(project, p, b)},
days as (
  select generate_series(${b.fromDay ? sql`${b.fromDay}::date` : sql`(select min(day) from day_counts)`}, ${toDay}, interval '1 day')::date as day
),
per_day as (
  select d.day, coalesce(c.events, 0)::int8 as events, coalesce(c.people, 0)::int8 as people
  from days d left join day_counts c on c.day = d.day
)${
    previous
      ? sql`,
previous_per_day as (
  select d.day, coalesce(c.events, 0)::int8 as events, coalesce(c.people, 0)::int8 as people
  from days d left join previous_day_counts c on c.day = d.day
)`
      : empty
  }
select t.events, t.people, t.untimed_events, t.first_event, t.last_event,
  (select coalesce(json_agg(json_build_object('day', day::text, 'events', events, 'people', people) order by day), '[]'::json) from per_day) as per_day,
  (select coalesce(json_agg(json_build_object('name', name, 'events', events, 'people', people) order by events desc, name), '[]'::json) from top_events) as top_events,
  ${
    previous
      ? sql`(select json_build_object('fromDay', ${previous.fromDay}::text, 'toDay', ${previous.toDay}::text,
      'events', pt.events, 'people', pt.people,
      'perDay', (select coalesce(json_agg(json_build_object('day', day::text, 'events', events, 'people', people) order by day), '[]'::json) from previous_per_day))
      from previous_totals pt)`
      : sql`null::json`
  } as previous
from totals t`;
}

/** The top events: the 20 names with the most events, ties by name. */
const TOP_EVENTS = 20;

/**
 * From the events, with any filter: `matching` is the filtered event set everything reads. Distinct people are
 * counted from each person's events grouped per day and per name (hash aggregates, in parallel), never by
 * `count(distinct)`, which sorts every event: over 10M events that took most of a minute.
 */
function fromEvents(project: ReportProject, p: OverviewParams, b: OverviewBounds): Sql {
  const tz = project.timezone;
  const allTime = !p.from && !p.to;
  const personJoin = needsPersonJoin(p.where) ? peopleOfEvents : sql``;
  return sql`matching as not materialized (
  select e.person_id, e.name, e.occurred_at, (e.occurred_at at time zone ${tz})::date as day
  from events e ${personJoin}
  where e.project_id = ${project.id}::uuid
    and ((e.occurred_at is null and ${allTime}::boolean)
      or (e.occurred_at <= ${b.asOf}::timestamptz ${b.readFrom ? sql`and e.occurred_at >= ${b.readFrom}::timestamptz` : sql``} and e.occurred_at < ${b.readBefore}::timestamptz))
    ${filterConditions(p.where)}
),
${daysFromEvents(project, p, b)},
person_names as (
  select name, person_id, count(*) as events, count(*) filter (where occurred_at is null) as untimed_events,
    min(occurred_at) as first_event, max(occurred_at) as last_event
  from matching group by 1, 2
),
totals as (
  select coalesce(sum(events), 0)::int8 as events, (select count(*) from (select person_id from person_names group by 1) p) as people,
    coalesce(sum(untimed_events), 0)::int8 as untimed_events, min(first_event) as first_event, max(last_event) as last_event
  from person_names
),
top_events as (
  select name, sum(events)::int8 as events, count(*) as people
  from person_names group by name order by events desc, name limit ${TOP_EVENTS}::int
)`;
}

/**
 * From the rollups, without a filter. The totals and top events from each person's row of event_sequences (names and
 * times in order, events without a clock last at infinity): the range's events are a slice of it, found by binary
 * search (`width_bucket`; over all time, the whole row, untimed events included). A name's people are the people in
 * whose slice it occurs, each counted where it first occurs there (array_position), so the slices' names are counted
 * by name alone, in parallel: no group of a row per person and name. Over all time, the row's distinct names and
 * their counts are added up instead: a few pairs a person, where finding each event's first place cost 2 s at 10M
 * events. The days from the day rollups.
 */
function fromRollup(project: ReportProject, p: OverviewParams, b: OverviewBounds): Sql {
  const allTime = !p.from && !p.to;
  const before = (at: string) => eventsBefore(sql`${at}::timestamptz`, sql`s.ats`);
  const lo = !allTime && b.readFrom ? sql`(${before(b.readFrom)} + 1)` : sql`1`;
  const hi = allTime ? sql`cardinality(s.ats)` : before(b.readBefore);
  // The slice's last timed event: over all time, the last before the untimed ones.
  const lastTimed = allTime ? sql`width_bucket(${b.asOf}::timestamptz, s.ats)` : hi;
  const sequences = sql`event_sequences s where s.project_id = ${project.id}::uuid`;
  return sql`${daysFromRollup(project, b)},
totals as (
  select coalesce(sum(greatest(hi - lo + 1, 0)), 0)::int8 as events, count(*) filter (where hi >= lo) as people,
    coalesce(sum(greatest(hi - greatest(timed, lo - 1), 0)), 0)::int8 as untimed_events,
    min(ats[lo]) filter (where timed >= lo) as first_event, max(ats[timed]) filter (where timed >= lo) as last_event
  from (select s.ats, ${lo} as lo, ${hi} as hi, ${lastTimed} as timed from ${sequences}) x
),
top_events as (${
    allTime
      ? sql`
  select u.name, sum(u.n)::int8 as events, count(*) as people
  from event_sequences s cross join lateral unnest(s.distinct_names, s.name_counts) u(name, n)
  where s.project_id = ${project.id}::uuid`
      : sql`
  select u.name, count(*)::int8 as events, count(*) filter (where array_position(s.names, u.name, ${lo}) = ${lo} + u.i - 1) as people
  from event_sequences s cross join lateral unnest(s.names[${lo}:${hi}]) with ordinality u(name, i)
  where s.project_id = ${project.id}::uuid`
  }
  group by 1 order by events desc, name limit ${TOP_EVENTS}::int
)`;
}

/**
 * `day_counts` (day, events, people) over the range, and over the range before (when there is one)
 * `previous_day_counts`, each day shifted onto the range's, and `previous_totals` (events, people), from the events:
 * each person's events grouped per day.
 */
function daysFromEvents(project: ReportProject, p: OverviewParams, b: OverviewBounds): Sql {
  const tz = project.timezone;
  const personJoin = needsPersonJoin(p.where) ? peopleOfEvents : sql``;
  const previous = b.previous;
  const dayCounts = sql`person_days as (
  select day, person_id, count(*) as events from matching where day is not null group by 1, 2
),
day_counts as (
  select day, sum(events) as events, count(*) as people from person_days group by day
)`;
  if (!previous) return dayCounts;
  // The range before, per day and person: its days per day and its distinct people both read these rows.
  return sql`${dayCounts},
previous_person_days as (
  -- The same number of days just before the range: shifted by that many days, its days lie over the range's.
  select (e.occurred_at at time zone ${tz})::date + ${previous.shift}::int as day, e.person_id, count(*) as events
  from events e ${personJoin}
  where e.project_id = ${project.id}::uuid and e.occurred_at >= ${previous.readFrom}::timestamptz and e.occurred_at < ${previous.readBefore}::timestamptz
    ${filterConditions(p.where)}
  group by 1, 2
),
previous_day_counts as (
  select day, sum(events) as events, count(*) as people from previous_person_days group by day
),
previous_totals as (
  select coalesce(sum(events), 0)::int8 as events, (select count(*) from (select person_id from previous_person_days group by 1) q) as people
  from previous_person_days
)`;
}

/**
 * The same three from the day rollups: a day's people from activity_spans (the people active that day, whatever their
 * gap to their next day), its events from the quarter hours of event_slots read in the project's zone; the people of
 * the range before by two binary searches in each person's days.
 */
function daysFromRollup(project: ReportProject, b: OverviewBounds): Sql {
  const tz = project.timezone;
  const pid = sql`${project.id}::uuid`;
  const previous = b.previous;
  const dayPeople = (from: Sql | null, to: Sql) => sql`select day, sum(people) as people from activity_spans
    where project_id = ${pid} ${from ? sql`and day >= ${from}` : empty} and day <= ${to} group by day`;
  const slotDays = (readFrom: string | null, readBefore: string) => sql`select (slot at time zone ${tz})::date as day, sum(events) as events
    from event_slots where project_id = ${pid} ${readFrom ? sql`and slot >= ${readFrom}::timestamptz` : sql``} and slot < ${readBefore}::timestamptz
    group by 1`;
  const fromDay = b.fromDay ? sql`${b.fromDay}::date` : null;
  const toDay = sql`${b.toDay}::date`;
  const dayCounts = sql`day_people as (
  ${dayPeople(fromDay, toDay)}
),
day_counts as (
  select day, coalesce(e.events, 0) as events, coalesce(p.people, 0) as people
  from day_people p full join (${slotDays(b.readFrom, b.readBefore)}) e using (day)
)`;
  if (!previous) return dayCounts;
  return sql`${dayCounts},
previous_people as (
  ${dayPeople(sql`${previous.fromDay}::date`, sql`${previous.toDay}::date`)}
),
previous_day_counts as (
  select day + ${previous.shift}::int as day, coalesce(e.events, 0) as events, coalesce(p.people, 0) as people
  from previous_people p full join (${slotDays(previous.readFrom, previous.readBefore)}) e using (day)
),
previous_totals as (
  select (select coalesce(sum(events), 0) from previous_day_counts)::int8 as events,
    ${peopleActiveBetween(project.id, sql`${previous.fromDay}::date`, sql`${previous.toDay}::date`)} as people
)`;
}
