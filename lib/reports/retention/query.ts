import "server-only";
import { raw, sql, type Sql } from "@/lib/db/sql";
import { filterConditions } from "../filter-sql";
import type { PropertyFilter } from "../filters";
import { boundsCte, dayExpression } from "../time-bounds";
import type { ReportProject } from "../definition";
import type { Period, RetentionParams } from "./definition";

/**
 * The retention statements. Everything is computed on local wall-clock times in the project's zone:
 * - `members`: one row per cohort membership (person, cohort period, cohort moment, breakdown value);
 * - `act`: per person and calendar period of the report's grain, the first and last returning event's local time;
 * - `mp`: the periods in which each membership was active, by calendar or elapsed counting.
 * Activity comes from the activity_periods rollup unless an event-property filter needs the raw events. A calendar
 * period holds at most one boundary of a person's elapsed periods, so its first and last event times tell exactly
 * which one or two elapsed periods it touches.
 */

const UNIT: Record<Period, string> = { day: "interval '1 day'", week: "interval '7 days'", month: "interval '1 month'" };

const personColumns: Record<string, string> = { plan: "plan", source: "source", platform: "platform", country: "country" };

/** The breakdown value as an SQL expression over the people alias p (bound name for JSON properties). */
function breakdownExpression(property: string | undefined): Sql {
  if (!property) return sql`null::text`;
  const column = personColumns[property];
  return column ? sql`coalesce(${raw(`p.${column}`)}, '(none)')` : sql`coalesce(p.properties ->> ${property}, '(none)')`;
}

const eventScoped = (fs: PropertyFilter[]) => fs.some((f) => f.scope === "event");
const personScoped = (fs: PropertyFilter[]) => fs.filter((f) => f.scope === "person");

/** Whether the report can read the rollup (no event-property filter on the side that needs events). */
export function usesRollup(p: RetentionParams) {
  return p.return === "any" && !eventScoped(p.return_where) && !eventScoped(p.where);
}

/** Calendar period index of `periodStart` relative to `cohortPeriod` (both period-start dates). */
function calendarIndex(g: Period, periodStart: Sql, cohortPeriod: Sql): Sql {
  if (g === "day") return sql`(${periodStart} - ${cohortPeriod})`;
  if (g === "week") return sql`((${periodStart} - ${cohortPeriod}) / 7)`;
  return sql`((extract(year from ${periodStart}) * 12 + extract(month from ${periodStart}))::int - (extract(year from ${cohortPeriod}) * 12 + extract(month from ${cohortPeriod}))::int)`;
}

/** Whole periods elapsed from local time f to local time t, as TIMESTAMPDIFF counts them. */
function elapsedIndex(g: Period, f: Sql, t: Sql): Sql {
  if (g === "day") return sql`floor(extract(epoch from (${t} - ${f})) / 86400)::int`;
  if (g === "week") return sql`floor(extract(epoch from (${t} - ${f})) / 604800)::int`;
  return sql`((extract(year from ${t}) * 12 + extract(month from ${t}))::int - (extract(year from ${f}) * 12 + extract(month from ${f}))::int
    - case when (extract(day from ${t}), ${t}::time) < (extract(day from ${f}), ${f}::time) then 1 else 0 end)`;
}

/** The local moment elapsed period k starts for someone whose cohort moment is f. */
function elapsedStart(g: Period, f: Sql, k: Sql): Sql {
  if (g !== "month") return sql`(${f} + ${k} * ${raw(UNIT[g])})`;
  // From Jan 31, month 1 starts when day and time reach (31, time): never in February, so at March 1 00:00.
  return sql`(case when extract(day from ${f} + ${k} * interval '1 month') < extract(day from ${f})
    then date_trunc('month', ${f} + ${k} * interval '1 month') + interval '1 month' else ${f} + ${k} * interval '1 month' end)`;
}

type Ctes = { text: Sql; rollup: boolean };

/** Without `from`: the start of the period `periods - 1` periods before the as-of day's, so the grid is square. */
function defaultFrom(g: Period, periods: number): Sql {
  return sql`(date_trunc(${raw(`'${g}'`)}, as_of_day) - ${periods - 1} * ${raw(UNIT[g])})::date`;
}

/**
 * The shared CTEs: b (bounds), members, act, mp. `allHistory` reads activity from the beginning (reactivation needs
 * it); otherwise from the first cohort period on.
 */
export function retentionCtes(project: ReportProject, p: RetentionParams, now: Date): Ctes {
  const tz = project.timezone;
  const g = p.period;
  const grain = raw(`'${g}'`);
  const pid = sql`${project.id}::uuid`;
  const rollup = usesRollup(p);
  const needPeople = (fs: PropertyFilter[]) => fs.some((f) => f.scope === "person");

  // Cohort moments. Filters for the cohort side: its own plus the global ones.
  const cohortFilters = [...p.cohort_where, ...p.where];
  const c = p.cohort;
  const peopleJoin = sql`left join people p on p.project_id = e.project_id and p.person_id = e.person_id`;
  let moments: Sql;
  if (c.by === "signup") {
    moments = sql`select p.person_id, (p.signup_at at time zone ${tz}) as cohort_at
      from people p cross join b
      where p.project_id = ${pid} and p.signup_at is not null and p.signup_at <= b.as_of ${filterConditions(personScoped(cohortFilters))}`;
  } else if (c.by === "first" && !c.event && !eventScoped(cohortFilters)) {
    // First event of any name: the earliest month row of the rollup holds it.
    moments = sql`select a.person_id, min(a.first_local) as cohort_at
      from activity_periods a cross join b
      where a.project_id = ${pid} and a.grain = 'month' and a.first_local <= b.as_of_local
      group by a.person_id`;
  } else {
    const nameCondition = c.event ? sql`and e.name = ${c.event}` : sql``;
    const local = sql`(e.occurred_at at time zone ${tz})`;
    moments =
      c.by === "first"
        ? sql`select e.person_id, min(${local}) as cohort_at
          from events e ${needPeople(cohortFilters) ? peopleJoin : sql``} cross join b
          where e.project_id = ${pid} and e.occurred_at <= b.as_of ${nameCondition} ${filterConditions(cohortFilters)}
          group by e.person_id`
        : sql`select e.person_id, min(${local}) as cohort_at
          from events e ${needPeople(cohortFilters) ? peopleJoin : sql``} cross join b
          where e.project_id = ${pid} and e.occurred_at <= b.as_of
            and e.occurred_at >= (b.from_day::timestamp at time zone ${tz}) and e.occurred_at < ((b.to_day + 1)::timestamp at time zone ${tz})
            ${nameCondition} ${filterConditions(cohortFilters)}
          group by e.person_id, date_trunc(${grain}, ${local})`;
  }
  // Person filters of the global where apply to the people themselves, whichever side found them.
  const members = sql`select m.person_id, date_trunc(${grain}, m.cohort_at)::date as cohort_period, m.cohort_at, ${breakdownExpression(p.breakdown)} as bvalue
    from (${moments}) m cross join b
    left join people p on p.project_id = ${pid} and p.person_id = m.person_id
    where m.cohort_at >= b.from_day and m.cohort_at < b.to_day + 1 ${filterConditions(personScoped(cohortFilters))}`;

  // Returning activity per person and calendar period.
  let act: Sql;
  if (rollup) {
    // Person filters on the returning side (return_where person.…) narrow the people whose rows count.
    const returnPeople = personScoped(p.return_where);
    const whoJoin = (alias: string) =>
      returnPeople.length ? sql`join people p on p.project_id = ${pid} and p.person_id = ${raw(alias)}.person_id` : sql``;
    act = sql`select a.person_id, a.period_start, a.first_local, a.last_local
      from activity_periods a ${whoJoin("a")} cross join b
      where a.project_id = ${pid} and a.grain = ${grain} and a.period_start >= b.act_from and a.last_local <= b.as_of_local
        ${filterConditions(returnPeople)}
      union all
      -- A period running past as_of: its rows hold events after as_of, so those people's events up to as_of are read.
      select e.person_id, date_trunc(${grain}, e.occurred_at at time zone ${tz})::date, min(e.occurred_at at time zone ${tz}), max(e.occurred_at at time zone ${tz})
      from events e ${whoJoin("e")} cross join b
      where e.project_id = ${pid} and e.occurred_at >= (b.as_of_period::timestamp at time zone ${tz}) and e.occurred_at <= b.as_of
        ${filterConditions(returnPeople)}
        and e.person_id in (select a.person_id from activity_periods a where a.project_id = ${pid} and a.grain = ${grain}
          and a.period_start = b.as_of_period and a.first_local <= b.as_of_local and a.last_local > b.as_of_local)
      group by 1, 2`;
  } else {
    const returnFilters = [...p.return_where, ...p.where];
    const nameCondition = p.return === "any" ? sql`` : sql`and e.name = ${p.return}`;
    const local = sql`(e.occurred_at at time zone ${tz})`;
    act = sql`select e.person_id, date_trunc(${grain}, ${local})::date as period_start, min(${local}) as first_local, max(${local}) as last_local
      from events e ${needPeople(returnFilters) ? peopleJoin : sql``} cross join b
      where e.project_id = ${pid} and e.occurred_at <= b.as_of and e.occurred_at >= (b.act_from::timestamp at time zone ${tz})
        ${nameCondition} ${filterConditions(returnFilters)}
      group by 1, 2`;
  }

  const mp =
    p.counting === "calendar"
      ? sql`select m.person_id, m.cohort_period, m.bvalue, ${calendarIndex(g, sql`a.period_start`, sql`m.cohort_period`)} as idx
        from members m join act a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at`
      : sql`select m.person_id, m.cohort_period, m.bvalue, x.idx
        from members m join act a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at
        cross join lateral (values (${elapsedIndex(g, sql`m.cohort_at`, sql`greatest(a.first_local, m.cohort_at)`)}),
          (${elapsedIndex(g, sql`m.cohort_at`, sql`a.last_local`)})) x(idx)`;

  // act_from: the first cohort period, the earliest activity any cohort can count.
  const fromDay = p.from ? sql`from_day` : defaultFrom(g, p.periods);
  const text = sql`bounds as (${boundsCte({ as_of: p.as_of, to: p.to, from: p.from }, tz, now)}),
b as (
  select as_of, as_of_day, to_day, (as_of at time zone ${tz}) as as_of_local,
    date_trunc(${grain}, as_of at time zone ${tz})::date as as_of_period,
    ${fromDay} as from_day, date_trunc(${grain}, ${fromDay})::date as act_from, date_trunc(${grain}, to_day)::date as last_cohort
  from bounds
),
members as (${members}),
act as (${act}),
mp as (${mp})`;
  return { text, rollup };
}

/** The matrix: cohort sizes and retained counts per group, with each cell's state at as_of. */
export function retentionMatrixQuery(project: ReportProject, p: RetentionParams, now: Date): Sql {
  const g = p.period;
  const unit = raw(UNIT[g]);
  const { text } = retentionCtes(project, p, now);
  const n = p.periods;
  // Groups: everyone (grouping = 1) and, with a breakdown, each value.
  const sets = p.breakdown ? sql`grouping sets ((cohort_period), (bvalue, cohort_period))` : sql`cohort_period, bvalue`;
  const grouped = p.breakdown ? sql`grouping(bvalue) = 1` : sql`true`;
  const retained =
    p.kind === "on"
      ? sql`select cohort_period, bvalue, idx, count(distinct person_id)::int as retained, ${grouped} as everyone
        from mp where idx between 0 and ${n - 1} group by ${p.breakdown ? sql`grouping sets ((cohort_period, idx), (bvalue, cohort_period, idx))` : sql`cohort_period, bvalue, idx`}`
      : sql`select cohort_period, bvalue, k.idx, count(*) filter (where top >= k.idx)::int as retained, ${grouped} as everyone
        from (select person_id, cohort_period, bvalue, max(idx) as top from mp where idx >= 0 group by 1, 2, 3) t
        cross join generate_series(0, ${n - 1}) k(idx)
        group by ${p.breakdown ? sql`grouping sets ((cohort_period, k.idx), (bvalue, cohort_period, k.idx))` : sql`cohort_period, bvalue, k.idx`}`;
  const cellState = (start: Sql, end: Sql) =>
    sql`case when ${start} > b.as_of_local then 'future' when ${end} > b.as_of_local + interval '1 millisecond' then 'incomplete' else 'complete' end`;
  const state =
    p.counting === "calendar"
      ? cellState(sql`(s.cohort_period + k.idx * ${unit})`, sql`(s.cohort_period + (k.idx + 1) * ${unit})`)
      : sql`case when s.size = 0 then ${cellState(sql`(s.cohort_period + k.idx * ${unit})`, sql`(s.cohort_period + (k.idx + 2) * ${unit})`)}
          else ${cellState(elapsedStart(g, sql`s.first_at`, sql`k.idx`), elapsedStart(g, sql`s.last_at`, sql`(k.idx + 1)`))} end`;
  return sql`with ${text},
sizes as (
  select cohort_period, bvalue, count(*)::int as size, min(cohort_at) as first_at, max(cohort_at) as last_at, ${grouped} as everyone
  from members group by ${sets}
),
groups as (
  select distinct bvalue, everyone from sizes
  union select null, true
),
cohorts as (
  select gr.bvalue, gr.everyone, c.cohort_period::date as cohort_period
  from groups gr cross join b cross join generate_series(b.act_from::timestamp, b.last_cohort::timestamp, ${unit}) c(cohort_period)
),
retained as (${retained}),
grid as (
  select c.bvalue, c.everyone, c.cohort_period, coalesce(sz.size, 0) as size, sz.first_at, sz.last_at
  from cohorts c left join sizes sz on sz.cohort_period = c.cohort_period and sz.everyone = c.everyone and sz.bvalue is not distinct from c.bvalue
)
select b.as_of, b.from_day::text as from_day, b.to_day::text as to_day, s.bvalue, s.everyone, s.cohort_period::text as cohort, s.size,
  json_agg(json_build_object('k', k.idx, 'retained', coalesce(r.retained, 0), 'state', ${state}) order by k.idx) as cells
from grid s cross join b cross join generate_series(0, ${n - 1}) k(idx)
left join retained r on r.cohort_period = s.cohort_period and r.idx = k.idx and r.everyone = s.everyone and r.bvalue is not distinct from s.bvalue
group by b.as_of, b.from_day, b.to_day, s.bvalue, s.everyone, s.cohort_period, s.size
order by s.everyone desc, s.bvalue, s.cohort_period`;
}

/**
 * Growth accounting per calendar period of the grain, over everyone with returning activity (the report's return
 * event and filters), from the first cohort period to the as-of period. Reads activity from the start of the data:
 * "active before" has no lower bound.
 */
export function reactivationQuery(project: ReportProject, p: RetentionParams, now: Date): Sql {
  const g = p.period;
  const unit = raw(UNIT[g]);
  // `act` of a report starting in 1900 is all history; the periods shown are the real report's.
  const { text } = retentionCtes(project, { ...p, from: "1900-01-01" }, now);
  const personWhere = personScoped(p.where);
  const filtered = personWhere.length
    ? sql`select a.person_id, a.period_start from act a join people p on p.project_id = ${project.id}::uuid and p.person_id = a.person_id where true ${filterConditions(personWhere)}`
    : sql`select person_id, period_start from act`;
  const shownFrom = p.from ? sql`date_trunc(${raw(`'${g}'`)}, ${dayExpression(p.from)})::date` : defaultFrom(g, p.periods);
  return sql`with ${text},
pa as (select distinct person_id, period_start as period from (${filtered}) f),
x as (
  select person_id, period, lag(period) over w as prev, lead(period) over w as next, min(period) over (partition by person_id) as first_period
  from pa window w as (partition by person_id order by period)
),
agg as (
  select period, count(*)::int as active,
    count(*) filter (where period = first_period)::int as new,
    count(*) filter (where prev = (period - ${unit})::date)::int as retained,
    count(*) filter (where prev < (period - ${unit})::date)::int as reactivated,
    count(*) filter (where next is distinct from (period + ${unit})::date)::int as leaving
  from x group by period
),
series as (
  select s.period::date as period from b cross join generate_series(${shownFrom}::timestamp, b.as_of_period::timestamp, ${unit}) s(period)
),
firsts as (select period, count(*)::int as n from (select distinct person_id, first_period as period from x) f group by period)
select s.period::text as period,
  (s.period + ${unit}) <= b.as_of_local + interval '1 millisecond' as complete,
  coalesce(a.active, 0) as active, coalesce(a.new, 0) as new, coalesce(a.retained, 0) as retained, coalesce(a.reactivated, 0) as reactivated,
  (select coalesce(sum(n), 0) from firsts f where f.period < (s.period - ${unit})::date)::int
    - coalesce(prev.active, 0) + coalesce(prev.new, 0) as inactive_base,
  coalesce(prev.leaving, 0) as churned
from series s cross join b
left join agg a on a.period = s.period
left join agg prev on prev.period = (s.period - ${unit})::date
order by s.period`;
}

/** The people of one cell: members of the cohort (and group) retained in period k, or not retained ("lost"). */
export function cellPeopleQuery(
  project: ReportProject,
  p: RetentionParams,
  now: Date,
  cell: { cohort: string; period: number; group: string | undefined; show: "retained" | "lost"; limit: number; offset: number },
): Sql {
  const { text } = retentionCtes(project, p, now);
  const active = p.kind === "on" ? sql`mp.idx = ${cell.period}` : sql`mp.idx >= ${cell.period}`;
  const group = cell.group === undefined ? sql`` : sql`and m.bvalue = ${cell.group}`;
  return sql`with ${text},
sel as (
  select m.person_id, m.cohort_at from members m
  where m.cohort_period = ${cell.cohort}::date ${group}
    and ${raw(cell.show === "retained" ? "" : "not")} exists (select 1 from mp where mp.person_id = m.person_id and mp.cohort_period = m.cohort_period and ${active})
)
select count(*) over () as total, s.person_id as person, p.plan, p.source, p.platform, p.country,
  to_char(p.signup_at at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') as signup_at,
  to_char(s.cohort_at, 'YYYY-MM-DD HH24:MI:SS') as cohort_at,
  (select to_char(max(e.occurred_at) at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') from events e
    where e.project_id = ${project.id}::uuid and e.person_id = s.person_id and e.occurred_at <= b.as_of) as last_activity,
  coalesce(p.properties, '{}'::jsonb) as properties
from sel s cross join b
left join people p on p.project_id = ${project.id}::uuid and p.person_id = s.person_id
order by s.person_id
limit ${cell.limit} offset ${cell.offset}`;
}
