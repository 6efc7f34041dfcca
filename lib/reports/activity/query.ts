import "server-only";
import { empty, join, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { filterConditions, needsPersonJoin, peopleOfEvents, propertyExpression } from "../sql/filters";
import { boundsCte } from "../sql/time-bounds";
import { activeDaysBetween, LONGEST_WINDOW, nothingAfter, peopleActiveBetween } from "../rollups/activity-days";
import type { ReportProject } from "../definition";
import { ACTIVITY_DEFAULT_FROM, type ActivityParams } from "./definition";

/** The longest rolling window (MAU, 30 days) reaches this many days before a day. */
const LOOKBACK_DAYS = LONGEST_WINDOW - 1;

/** The range, resolved by a first small statement and then bound as values, so the planner sees them. */
export type ActivityBounds = {
  asOf: string;
  fromDay: string;
  toDay: string;
  /** The first day of the period before: as many days as the range, just before it. */
  previousFromDay: string;
  readFrom: string;
  readBefore: string;
  asOfDay: string;
  partialDay: boolean;
  /** No event of the project is later than as_of: the day rollup, which knows no times, holds exactly the events read. */
  nothingAfterAsOf: boolean;
};
export type ActivityBoundsRow = {
  as_of: Date;
  as_of_day: string;
  from_day: string;
  to_day: string;
  previous_from_day: string;
  read_from: Date;
  read_before: Date;
  partial_day: boolean;
  nothing_after_as_of: boolean;
};

export function activityBoundsQuery(project: ReportProject, p: ActivityParams, now: Date): Sql {
  const tz = project.timezone;
  // Read from the period before (for the comparison), and before that as far as its first day's MAU window reaches.
  return sql`select as_of, as_of_day::text as as_of_day, from_day::text as from_day, to_day::text as to_day,
    (from_day - (to_day - from_day + 1))::text as previous_from_day,
    (from_day - (to_day - from_day + 1) - ${LOOKBACK_DAYS}::int)::timestamp at time zone ${tz} as read_from,
    (to_day + 1)::timestamp at time zone ${tz} as read_before,
    as_of < (as_of_day + 1)::timestamp at time zone ${tz} - interval '1 millisecond' as partial_day,
    ${nothingAfter(project.id, sql`as_of`)} as nothing_after_as_of
  from (${boundsCte({ ...p, from: p.from ?? ACTIVITY_DEFAULT_FROM }, tz, now)}) bounds`;
}

/**
 * Whether the rollups answer (lib/reports/rollups/activity-days.ts): everyone's activity, unfiltered, up to an as_of
 * no event comes after. Otherwise the events are read.
 */
export function activityUsesRollup(p: ActivityParams, b: ActivityBounds): boolean {
  return !p.where.length && !p.breakdown && b.nothingAfterAsOf;
}

/**
 * One statement.
 * - Rolling distinct counts without a join per day: a person active on day a, next active on day n, is counted in a
 *   window of k days on the days [a, min(n, a + k)), spans that never overlap. Each span adds 1 on its first day and
 *   subtracts 1 after its last; a running sum over the generated days (every day, active or not) is the count. The
 *   spans come counted by their first day and lengths (`span_counts`, a few thousand rows however many people) from
 *   29 days before the range on, so that its first days' WAU and MAU see their whole windows: from the rollups when
 *   they answer (activityUsesRollup), where every span was counted as the days were stored, or from the events. (A
 *   next day past the range, which only the rollup sees, ends a span past the range too: no day shown changes.)
 * - The 7-day average of DAU over the same generated days, so a day without activity counts as 0.
 * - The weekday × hour grid: each cell's events and distinct people from the range's first day on.
 */
export function activityQuery(project: ReportProject, p: ActivityParams, b: ActivityBounds): Sql {
  const fromDay = sql`${b.fromDay}::date`;
  const toDay = sql`${b.toDay}::date`;
  const previousFromDay = sql`${b.previousFromDay}::date`;
  // The three windows, in days: DAU, WAU, MAU.
  const windows = sql`(values (1), (7), (30)) w(k)`;
  return sql`with ${activityUsesRollup(p, b) ? fromRollup(project, b) : fromEvents(project, p, b)},
changes as (
  select everyone, bvalue, k, d, sum(delta)::int as delta from (
    select everyone, bvalue, w.k, day as d, n as delta from span_counts cross join ${windows}
    union all select everyone, bvalue, 1, day + 1, -n from span_counts
    union all select everyone, bvalue, 7, day + o7, -n from span_counts
    union all select everyone, bvalue, 30, day + o30, -n from span_counts
  ) x
  group by 1, 2, 3, 4
),
groups as (
  select true as everyone, null::text as bvalue
  ${p.breakdown ? sql`union all select distinct false, bvalue from person_days where not everyone` : empty}
),
series as (
  select g.everyone, g.bvalue, w.k, d.day,
    sum(coalesce(c.delta, 0)) over (partition by g.everyone, g.bvalue, w.k order by d.day)::int as active
  from groups g cross join ${windows}
  cross join (select generate_series(${previousFromDay} - ${LOOKBACK_DAYS}::int, ${toDay}, interval '1 day')::date as day) d
  left join changes c on c.everyone = g.everyone and c.bvalue is not distinct from g.bvalue and c.k = w.k and c.d = d.day
),
daily as (
  select everyone, bvalue, day,
    max(active) filter (where k = 1) as dau, max(active) filter (where k = 7) as wau, max(active) filter (where k = 30) as mau
  from series group by 1, 2, 3
),
averaged as (
  select *, avg(dau) over (partition by everyone, bvalue order by day rows between 6 preceding and current row)::float8 as average7 from daily
)
select
  (select coalesce(json_agg(json_build_object('value', g.bvalue, 'everyone', g.everyone, 'people', coalesce(pe.people, 0), 'days', (
      select json_agg(json_build_object('day', a.day::text, 'dau', a.dau, 'wau', a.wau, 'mau', a.mau, 'average7', a.average7) order by a.day)
      from averaged a where a.everyone = g.everyone and a.bvalue is not distinct from g.bvalue and a.day >= ${fromDay}))
    order by g.everyone desc, coalesce(pe.people, 0) desc, g.bvalue), '[]'::json)
   from groups g left join people pe on pe.everyone = g.everyone and pe.bvalue is not distinct from g.bvalue) as groups,
  (select coalesce(json_agg(json_build_object('weekday', weekday, 'hour', hour, 'events', events, 'people', people) order by weekday, hour), '[]'::json) from hours) as hours,
  -- Everyone's days in the period before, each laid on the range's day as many days later.
  (select coalesce(json_agg(json_build_object('day', (a.day + (${fromDay} - ${previousFromDay}))::text, 'dau', a.dau, 'wau', a.wau, 'mau', a.mau, 'average7', a.average7) order by a.day), '[]'::json)
   from averaged a where a.everyone and a.day >= ${previousFromDay} and a.day < ${fromDay}) as previous`;
}

/**
 * `span_counts`, `people` and `hours` read from the events, with any filter and breakdown: each person's active days
 * (`person_days`, for everyone and per breakdown value), their neighbours by window.
 */
function fromEvents(project: ReportProject, p: ActivityParams, b: ActivityBounds): Sql {
  const tz = project.timezone;
  const fromDay = sql`${b.fromDay}::date`;
  const bvalue = p.breakdown ? sql`coalesce(${propertyExpression(p.breakdown.scope, p.breakdown.property)}, '(none)')` : sql`null::text`;
  const personJoin = needsPersonJoin(p.where) || p.breakdown?.scope === "person" ? peopleOfEvents : empty;
  const byValue = p.breakdown
    ? sql`union all
  select distinct false, case when m.bvalue in (select bvalue from top_values) then m.bvalue else '(other)' end, m.person_id, m.day from matching m`
    : empty;
  return sql`matching as (
  select e.person_id, (e.occurred_at at time zone ${tz}) as local_at, (e.occurred_at at time zone ${tz})::date as day, ${bvalue} as bvalue
  from events e ${personJoin}
  where e.project_id = ${project.id}::uuid
    and e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${b.readBefore}::timestamptz and e.occurred_at <= ${b.asOf}::timestamptz
    ${filterConditions(p.where)}
),
top_values as (
  select bvalue from matching where day >= ${fromDay} group by bvalue order by count(distinct person_id) desc, bvalue limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}
),
person_days as (
  select distinct true as everyone, null::text as bvalue, person_id, day from matching
  ${byValue}
),
spans as (
  select everyone, bvalue, day, lag(day) over w as prev, lead(day) over w as next
  from person_days window w as (partition by everyone, bvalue, person_id order by day)
),
span_counts as (
  -- The spans counted by the day they start and how long their 7- and 30-day windows last: a few thousand rows, however many people;
  -- the changes are read from these. A person enters the range on their first active day in it.
  select everyone, bvalue, day, least(coalesce(next, day + 7), day + 7) - day as o7, least(coalesce(next, day + 30), day + 30) - day as o30,
    count(*)::int as n, count(*) filter (where day >= ${fromDay} and (prev is null or prev < ${fromDay}))::int as entering
  from spans group by 1, 2, 3, 4, 5
),
people as (
  select everyone, bvalue, sum(entering)::int as people from span_counts group by 1, 2
),
hours as (
  -- Each person's events per weekday and hour first: then a cell's people are its rows, with no distinct count.
  -- date_part, not extract, which works in numeric.
  select weekday, hour, sum(events)::int as events, count(*)::int as people
  from (
    select person_id, date_part('isodow', local_at)::int as weekday, date_part('hour', local_at)::int as hour, count(*) as events
    from matching where day >= ${fromDay} group by 1, 2, 3
  ) h
  group by 1, 2
)`;
}

/**
 * `span_counts`, `people` and `hours` read from the rollups (lib/reports/rollups/activity-days.ts). The spans are
 * activity_spans' rows: each span's 30-day window lasts its gap, its 7-day window the gap up to 7 days. The people in
 * the range: those with an active day in it, by two binary searches in each person's days. A cell's people: each
 * person's hour masks in the range OR-ed per weekday, then for each weekday 24 sums of one bit each, in one pass. A
 * cell's events: the quarter hours of event_slots in the range, each read in the project's zone.
 */
function fromRollup(project: ReportProject, b: ActivityBounds): Sql {
  const tz = project.timezone;
  const pid = sql`${project.id}::uuid`;
  const fromDay = sql`${b.fromDay}::date`;
  const toDay = sql`${b.toDay}::date`;
  const readFromDay = sql`(${b.previousFromDay}::date - ${LOOKBACK_DAYS}::int)`;
  const hourCounts = Array.from({ length: 24 }, (_, h) => sql`sum((hours >> ${h}::int) & 1)`);
  return sql`span_counts as (
  select true as everyone, null::text as bvalue, day, least(gap, 7) as o7, gap as o30, people as n
  from activity_spans where project_id = ${pid} and day >= ${readFromDay} and day <= ${toDay}
),
people as (
  select true as everyone, null::text as bvalue, ${peopleActiveBetween(project.id, fromDay, toDay)}::int as people
),
person_weekdays as (
  select a.person_id, date_part('isodow', a.days[i])::int as weekday, bit_or(a.hours[i]) as hours
  from ${activeDaysBetween(project.id, fromDay, toDay)}
  group by 1, 2
),
cell_people as (
  select w.weekday, c.hour::int - 1 as hour, c.people::int as people
  from (select weekday, array[${join(hourCounts, ", ")}] as counts from person_weekdays group by weekday) w
  cross join unnest(w.counts) with ordinality c(people, hour)
  where c.people > 0
),
cell_events as (
  select date_part('isodow', local)::int as weekday, date_part('hour', local)::int as hour, sum(events)::int as events
  from (select slot at time zone ${tz} as local, events from event_slots
    where project_id = ${pid} and slot >= ${fromDay}::timestamp at time zone ${tz} and slot < (${toDay} + 1)::timestamp at time zone ${tz}) s
  group by 1, 2
),
hours as (
  select p.weekday, p.hour, e.events, p.people from cell_people p join cell_events e using (weekday, hour)
)`;
}
