import "server-only";
import { join, raw, sql, type Sql } from "@/lib/db/sql";
import { filterConditions } from "../filter-sql";
import type { PropertyFilter } from "../filters";
import { boundsCte } from "../time-bounds";
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
  // The rollup keeps weeks and months; day periods read the events (see lib/rollups/activity-periods.ts).
  return p.period !== "day" && p.return === "any" && !eventScoped(p.return_where) && !eventScoped(p.where);
}

// date_part returns a double: PostgreSQL's extract returns numeric, several times slower over a million rows.
const monthNo = (d: Sql) => sql`(date_part('year', ${d}) * 12 + date_part('month', ${d}))::int`;

/** Calendar period index of `periodStart` relative to `cohortPeriod` (both period-start dates). */
function calendarIndex(g: Period, periodStart: Sql, cohortPeriod: Sql): Sql {
  if (g === "day") return sql`(${periodStart} - ${cohortPeriod})`;
  if (g === "week") return sql`((${periodStart} - ${cohortPeriod}) / 7)`;
  return sql`(${monthNo(periodStart)} - ${monthNo(cohortPeriod)})`;
}

/** Whole periods elapsed from local time f to local time t, as TIMESTAMPDIFF counts them. */
function elapsedIndex(g: Period, f: Sql, t: Sql): Sql {
  if (g === "day") return sql`floor(date_part('epoch', ${t} - ${f}) / 86400)::int`;
  if (g === "week") return sql`floor(date_part('epoch', ${t} - ${f}) / 604800)::int`;
  return sql`(${monthNo(t)} - ${monthNo(f)}
    - case when (date_part('day', ${t}), ${t}::time) < (date_part('day', ${f}), ${f}::time) then 1 else 0 end)`;
}

/** The local moment elapsed period k starts for someone whose cohort moment is f. */
function elapsedStart(g: Period, f: Sql, k: Sql): Sql {
  if (g !== "month") return sql`(${f} + ${k} * ${raw(UNIT[g])})`;
  // From Jan 31, month 1 starts when day and time reach (31, time): never in February, so at March 1 00:00.
  return sql`(case when date_part('day', ${f} + ${k} * interval '1 month') < date_part('day', ${f})
    then date_trunc('month', ${f} + ${k} * interval '1 month') + interval '1 month' else ${f} + ${k} * interval '1 month' end)`;
}

/** The report's time bounds, resolved by a first small statement and then bound as values, so the planner sees them. */
export type RetentionBounds = {
  asOf: string; // instant, ISO
  asOfLocal: string; // wall-clock in the project's zone
  asOfDay: string;
  asOfPeriod: string;
  fromDay: string;
  toDay: string;
  /** The first cohort period: the earliest activity a cohort can count. */
  actFrom: string;
  lastCohort: string;
};

/** Resolves as_of, from and to in the project's zone (see time-bounds.ts) into the report's bounds. */
export function boundsQuery(project: ReportProject, p: RetentionParams, now: Date): Sql {
  const g = raw(`'${p.period}'`);
  const unit = raw(UNIT[p.period]);
  const fromDay = p.from ? sql`from_day` : sql`(date_trunc(${g}, as_of_day) - ${p.periods - 1} * ${unit})::date`;
  return sql`select as_of, to_char(as_of at time zone ${project.timezone}, 'YYYY-MM-DD"T"HH24:MI:SS.MS') as as_of_local, as_of_day::text as as_of_day,
    date_trunc(${g}, as_of at time zone ${project.timezone})::date::text as as_of_period,
    ${fromDay}::text as from_day, to_day::text as to_day, date_trunc(${g}, ${fromDay})::date::text as act_from,
    date_trunc(${g}, to_day)::date::text as last_cohort
  from (${boundsCte({ as_of: p.as_of, to: p.to, from: p.from }, project.timezone, now)}) bounds`;
}

/** The bounds as typed SQL values. */
function values(b: RetentionBounds) {
  return {
    asOf: sql`${b.asOf}::timestamptz`,
    asOfLocal: sql`${b.asOfLocal}::timestamp`,
    asOfPeriod: sql`${b.asOfPeriod}::date`,
    fromDay: sql`${b.fromDay}::date`,
    toDay: sql`${b.toDay}::date`,
    actFrom: sql`${b.actFrom}::date`,
    lastCohort: sql`${b.lastCohort}::date`,
  };
}

/**
 * The shared CTEs: members, act, mp. Activity is read from `bounds.actFrom` on (the first cohort period, or earlier
 * for the reactivation table).
 */
export function retentionCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds, withMp = true): Sql {
  const tz = project.timezone;
  const g = p.period;
  const grain = raw(`'${g}'`);
  const pid = sql`${project.id}::uuid`;
  const b = values(bounds);
  const needPeople = (fs: PropertyFilter[]) => fs.some((f) => f.scope === "person");
  const peopleJoin = sql`left join people p on p.project_id = e.project_id and p.person_id = e.person_id`;
  const local = sql`(e.occurred_at at time zone ${tz})`;

  // Cohort moments. Filters for the cohort side: its own plus the global ones.
  const cohortFilters = [...p.cohort_where, ...p.where];
  const c = p.cohort;
  let moments: Sql;
  if (c.by === "signup") {
    moments = sql`select p.person_id, (p.signup_at at time zone ${tz}) as cohort_at
      from people p
      where p.project_id = ${pid} and p.signup_at is not null and p.signup_at <= ${b.asOf}
        and p.signup_at >= (${b.fromDay}::timestamp at time zone ${tz}) and p.signup_at < ((${b.toDay} + 1)::timestamp at time zone ${tz})
        ${filterConditions(personScoped(cohortFilters))}`;
  } else if (c.by === "first" && !c.event && !eventScoped(cohortFilters)) {
    // First event of any name, kept per person beside the rollup; read by range, so the planner knows the cohorts' size.
    moments = sql`select f.person_id, f.first_local as cohort_at from activity_firsts f
      where f.project_id = ${pid} and f.first_local <= ${b.asOfLocal} and f.first_local >= ${b.fromDay} and f.first_local < ${b.toDay} + 1`;
  } else {
    const nameCondition = c.event ? sql`and e.name = ${c.event}` : sql``;
    const join = needPeople(cohortFilters) ? peopleJoin : sql``;
    moments =
      c.by === "first"
        ? sql`select person_id, cohort_at from (
            select e.person_id, min(${local}) as cohort_at from events e ${join}
            where e.project_id = ${pid} and e.occurred_at <= ${b.asOf} ${nameCondition} ${filterConditions(cohortFilters)}
            group by e.person_id) f
          where cohort_at >= ${b.fromDay} and cohort_at < ${b.toDay} + 1`
        : sql`select e.person_id, min(${local}) as cohort_at from events e ${join}
          where e.project_id = ${pid} and e.occurred_at <= ${b.asOf}
            and e.occurred_at >= (${b.fromDay}::timestamp at time zone ${tz}) and e.occurred_at < ((${b.toDay} + 1)::timestamp at time zone ${tz})
            ${nameCondition} ${filterConditions(cohortFilters)}
          group by e.person_id, date_trunc(${grain}, ${local})`;
  }
  // Person filters (cohort_where and where) apply to the people themselves, whichever side found them.
  const personFilters = personScoped(cohortFilters);
  const members =
    personFilters.length || p.breakdown
      ? sql`select m.person_id, date_trunc(${grain}, m.cohort_at)::date as cohort_period, m.cohort_at, ${breakdownExpression(p.breakdown)} as bvalue
        from (${moments}) m left join people p on p.project_id = ${pid} and p.person_id = m.person_id
        where true ${filterConditions(personFilters)}`
      : sql`select m.person_id, date_trunc(${grain}, m.cohort_at)::date as cohort_period, m.cohort_at, null::text as bvalue from (${moments}) m`;

  // Returning activity per person and calendar period.
  let act: Sql;
  if (usesRollup(p)) {
    // Person filters on the returning side (return_where person.…) narrow the people whose rows count.
    const returnPeople = personScoped(p.return_where);
    const whoJoin = (alias: string) => (returnPeople.length ? sql`join people p on p.project_id = ${pid} and p.person_id = ${raw(alias)}.person_id` : sql``);
    act = sql`select a.person_id, a.period_start, a.first_local, a.last_local
      from activity_periods a ${whoJoin("a")}
      where a.project_id = ${pid} and a.grain = ${grain} and a.period_start >= ${b.actFrom} and a.last_local <= ${b.asOfLocal}
        ${filterConditions(returnPeople)}
      union all
      -- A period running past as_of: its rows hold events after as_of, so those people's events up to as_of are read.
      select e.person_id, date_trunc(${grain}, ${local})::date, min(${local}), max(${local})
      from events e ${whoJoin("e")}
      where e.project_id = ${pid} and e.occurred_at >= (${b.asOfPeriod}::timestamp at time zone ${tz}) and e.occurred_at <= ${b.asOf}
        ${filterConditions(returnPeople)}
        and e.person_id in (select a.person_id from activity_periods a where a.project_id = ${pid} and a.grain = ${grain}
          and a.period_start = ${b.asOfPeriod} and a.first_local <= ${b.asOfLocal} and a.last_local > ${b.asOfLocal})
      group by 1, 2`;
  } else {
    const returnFilters = [...p.return_where, ...p.where];
    const nameCondition = p.return === "any" ? sql`` : sql`and e.name = ${p.return}`;
    act = sql`select e.person_id, date_trunc(${grain}, ${local})::date as period_start, min(${local}) as first_local, max(${local}) as last_local
      from events e ${needPeople(returnFilters) ? peopleJoin : sql``}
      where e.project_id = ${pid} and e.occurred_at <= ${b.asOf} and e.occurred_at >= (${b.actFrom}::timestamp at time zone ${tz})
        ${nameCondition} ${filterConditions(returnFilters)}
      group by 1, 2`;
  }

  // One row per membership and period it was active in: unique already with calendar counting (act has one row per
  // person and period); elapsed counting gives two candidates per row, so duplicates go.
  const mp =
    p.counting === "calendar"
      ? sql`select m.person_id, m.cohort_period, m.bvalue, ${calendarIndex(g, sql`a.period_start`, sql`m.cohort_period`)} as idx
        from members m join act a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at`
      : sql`select distinct m.person_id, m.cohort_period, m.bvalue, x.idx
        from members m join act a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at
        cross join lateral (values (${elapsedIndex(g, sql`m.cohort_at`, sql`greatest(a.first_local, m.cohort_at)`)}),
          (${elapsedIndex(g, sql`m.cohort_at`, sql`a.last_local`)})) x(idx)`;

  // Left out when unused: a CTE referenced twice is materialised, and `act` can be a million rows.
  return withMp ? sql`members as (${members}),
act as (${act}),
mp as (${mp})` : sql`members as (${members}),
act as (${act})`;
}

/** Whole periods from one period start to another (both period starts of the grain). */
function periodsBetween(g: Period, from: string, to: string): number {
  const a = new Date(`${from}T00:00:00Z`), b = new Date(`${to}T00:00:00Z`);
  if (g === "month") return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return Math.round((b.getTime() - a.getTime()) / 86_400_000 / (g === "week" ? 7 : 1));
}

/**
 * The common case (cohorts by first event of any name, any returning event, calendar counting, at most 62 periods
 * read) is answered from one bit mask per person: bit i set when the person was active i periods after the one
 * before the first cohort. One pass over the rollup rows builds the masks; the matrix and the reactivation table
 * are then bit tests, with no join of rollup rows to cohort members.
 */
export function usesMasks(p: RetentionParams, bounds: RetentionBounds) {
  const c = p.cohort;
  return (
    p.counting === "calendar" &&
    usesRollup(p) &&
    c.by === "first" &&
    !c.event &&
    !eventScoped([...p.cohort_where, ...p.where]) &&
    periodsBetween(p.period, periodBefore(p.period, bounds.actFrom), bounds.asOfPeriod) <= 62
  );
}

/** `masks(person_id, m)` over the CTE `act` read from the period before the first cohort (see usesMasks). */
function masksCte(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const origin = sql`${periodBefore(p.period, bounds.actFrom)}::date`;
  return sql`masks as (
  select a.person_id, bit_or(1::bigint << ${calendarIndex(p.period, sql`a.period_start`, origin)}) as m from act a ${whoJoin(project, p, "a")} group by a.person_id
)`;
}

/** Person filters of both sides, on the people of the rows under `alias`. */
function whoJoin(project: ReportProject, p: RetentionParams, alias: string): Sql {
  const personFilters = personScoped([...p.where, ...p.return_where]);
  return personFilters.length
    ? sql`join people p on p.project_id = ${project.id}::uuid and p.person_id = ${raw(alias)}.person_id ${filterConditions(personFilters)}`
    : sql``;
}

/** The matrix: cohort sizes and retained counts per group, with each cell's state at as_of. */
export function retentionMatrixQuery(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const unit = raw(UNIT[g]);
  const b = values(bounds);
  const n = p.periods;
  // Groups: everyone (grouping = 1) and, with a breakdown, each value.
  const by = (cols: string) => (p.breakdown ? sql`grouping sets ((${raw(cols)}), (bvalue, ${raw(cols)}))` : sql`${raw(cols)}, bvalue`);
  const everyone = p.breakdown ? sql`grouping(bvalue) = 1` : sql`true`;
  const masks = usesMasks(p, bounds);
  const origin = sql`${periodBefore(g, bounds.actFrom)}::date`;
  // One pass over the members: each member's mask shifted once to its cohort's period, then a sum per period column,
  // rather than a row per member and period.
  const hit = (k: number) => (p.kind === "on" ? sql`((sm >> ${k}) & 1)::int` : sql`((sm >> ${k}) <> 0)::int`);
  const sums = Array.from({ length: n }, (_, k) => sql`sum(${hit(k)})::int`);
  const retained = masks
    ? sql`select t.cohort_period, t.bvalue, (c.ord - 1)::int as idx, c.retained, t.everyone
        from (select cohort_period, bvalue, array[${join(sums, ", ")}] as counts, ${everyone} as everyone
          from (select m.cohort_period, m.bvalue, ms.m >> ${calendarIndex(g, sql`m.cohort_period`, origin)} as sm
            from members m join masks ms on ms.person_id = m.person_id) x
          group by ${by("cohort_period")}) t
        cross join unnest(t.counts) with ordinality c(retained, ord)`
    : p.kind === "on"
      ? sql`select cohort_period, bvalue, idx, count(*)::int as retained, ${everyone} as everyone
        from mp where idx between 0 and ${n - 1} group by ${by("cohort_period, idx")}`
      : sql`select cohort_period, bvalue, k.idx, count(*) filter (where top >= k.idx)::int as retained, ${everyone} as everyone
        from (select person_id, cohort_period, bvalue, max(idx) as top from mp group by 1, 2, 3) t
        cross join generate_series(0, ${n - 1}) k(idx)
        group by ${by("cohort_period, k.idx")}`;
  const asOfLocal = b.asOfLocal;
  const cellState = (start: Sql, end: Sql) =>
    sql`case when ${start} > ${asOfLocal} then 'future' when ${end} > ${asOfLocal} + interval '1 millisecond' then 'incomplete' else 'complete' end`;
  const state =
    p.counting === "calendar"
      ? cellState(sql`(s.cohort_period + k.idx * ${unit})`, sql`(s.cohort_period + (k.idx + 1) * ${unit})`)
      : sql`case when s.size = 0 then ${cellState(sql`(s.cohort_period + k.idx * ${unit})`, sql`(s.cohort_period + (k.idx + 2) * ${unit})`)}
          else ${cellState(elapsedStart(g, sql`s.first_at`, sql`k.idx`), elapsedStart(g, sql`s.last_at`, sql`(k.idx + 1)`))} end`;
  // With masks, activity is read from the period before the first cohort, as the reactivation table reads it.
  const ctes = masks
    ? sql`${retentionCtes(project, p, { ...bounds, actFrom: periodBefore(g, bounds.actFrom) }, false)}, ${masksCte(project, p, bounds)}`
    : retentionCtes(project, p, bounds);
  return sql`with ${ctes},
sizes as (
  select cohort_period, bvalue, count(*)::int as size, min(cohort_at) as first_at, max(cohort_at) as last_at, ${everyone} as everyone
  from members group by ${by("cohort_period")}
),
groups as (
  select distinct bvalue, everyone from sizes
  union select null, true
),
cohorts as (
  select gr.bvalue, gr.everyone, c.cohort_period::date as cohort_period
  from groups gr cross join generate_series(${b.actFrom}::timestamp, ${b.lastCohort}::timestamp, ${unit}) c(cohort_period)
),
retained as (${retained}),
grid as (
  select c.bvalue, c.everyone, c.cohort_period, coalesce(sz.size, 0) as size, sz.first_at, sz.last_at
  from cohorts c left join sizes sz on sz.cohort_period = c.cohort_period and sz.everyone = c.everyone and sz.bvalue is not distinct from c.bvalue
)
select s.bvalue, s.everyone, s.cohort_period::text as cohort, s.size,
  json_agg(json_build_object('k', k.idx, 'retained', coalesce(r.retained, 0), 'state', ${state}) order by k.idx) as cells
from grid s cross join generate_series(0, ${n - 1}) k(idx)
left join retained r on r.cohort_period = s.cohort_period and r.idx = k.idx and r.everyone = s.everyone and r.bvalue is not distinct from s.bvalue
group by s.bvalue, s.everyone, s.cohort_period, s.size
order by s.everyone desc, s.bvalue, s.cohort_period`;
}

/**
 * Growth accounting per calendar period of the grain, over everyone with returning activity (the report's return
 * event and filters), from the first cohort period to the as-of period. Each active person in a period is new (their
 * first period), retained (active in the previous one) or reactivated (neither), so only "retained" needs a
 * person-level join, between consecutive periods; new people per period come from the first-event table (or, on the
 * raw events, from all of their history).
 */
export function reactivationQuery(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const unit = raw(UNIT[g]);
  const rollup = usesRollup(p);
  // The period before the first shown one is read too; on the raw events all of history is, to find first periods.
  const reach = rollup ? periodBefore(g, bounds.actFrom) : "1900-01-01";
  const b = values(bounds);
  const who = (alias: string) => whoJoin(project, p, alias);
  const firsts = rollup
    ? sql`select date_trunc(${raw(`'${g}'`)}, f.first_local)::date as period, count(*)::int as n from activity_firsts f ${who("f")}
        where f.project_id = ${project.id}::uuid and f.first_local <= ${b.asOfLocal} group by 1`
    : sql`select period, count(*)::int as n from (select person_id, min(period) as period from pa group by person_id) f group by 1`;
  const prev = (col: string) => sql`(${raw(col)} - ${unit})::date`;
  const origin = sql`${reach}::date`;
  const span = periodsBetween(g, reach, bounds.asOfPeriod);
  const activeAt = (i: number) => sql`count(*) filter (where (m >> ${i}) & 1 = 1)::int`;
  const keptAt = (i: number) => (i === 0 ? sql`0` : sql`count(*) filter (where (m >> ${i - 1}) & 3 = 3)::int`);
  const counts = usesMasks(p, bounds)
    ? sql`${masksCte(project, p, bounds)},
counts as (
  select (${origin} + (c.ord - 1)::int * ${unit})::date as period, c.active, k.kept
  from (select array[${join(Array.from({ length: span + 1 }, (_, i) => activeAt(i)), ", ")}] as active,
      array[${join(Array.from({ length: span + 1 }, (_, i) => keptAt(i)), ", ")}] as kept from masks) t
  cross join unnest(t.active) with ordinality c(active, ord)
  join unnest(t.kept) with ordinality k(kept, ord) on k.ord = c.ord
),
active as (select period, active as n from counts),
kept as (select period, kept as n from counts)`
    : sql`pa as (select a.person_id, a.period_start as period from act a ${who("a")}),
active as (select period, count(*)::int as n from pa group by period),
kept as (select a.period, count(*)::int as n from pa a join pa b on b.person_id = a.person_id and b.period = ${prev("a.period")} group by a.period)`;
  return sql`with ${retentionCtes(project, p, { ...bounds, actFrom: reach }, !usesMasks(p, bounds))},
${counts},
firsts as (${firsts}),
series as (select s.period::date as period from generate_series(${b.actFrom}::timestamp, ${b.asOfPeriod}::timestamp, ${unit}) s(period))
select s.period::text as period, (s.period + ${unit}) <= ${b.asOfLocal} + interval '1 millisecond' as complete,
  coalesce(a.n, 0) as active, coalesce(f.n, 0) as new, coalesce(k.n, 0) as retained,
  coalesce(a.n, 0) - coalesce(f.n, 0) - coalesce(k.n, 0) as reactivated,
  (select coalesce(sum(x.n), 0) from firsts x where x.period < ${prev("s.period")})::int - coalesce(ap.n, 0) + coalesce(fp.n, 0) as inactive_base,
  coalesce(ap.n, 0) - coalesce(k.n, 0) as churned
from series s
left join active a on a.period = s.period
left join firsts f on f.period = s.period
left join kept k on k.period = s.period
left join active ap on ap.period = ${prev("s.period")}
left join firsts fp on fp.period = ${prev("s.period")}
order by s.period`;
}

/** The start of the period before the one starting on `iso` (a period start). */
function periodBefore(g: Period, iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (g === "month") d.setUTCMonth(d.getUTCMonth() - 1);
  else d.setUTCDate(d.getUTCDate() - (g === "week" ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/** The people of one cell: members of the cohort (and group) retained in period k, or not retained ("lost"). */
export function cellPeopleQuery(
  project: ReportProject,
  p: RetentionParams,
  bounds: RetentionBounds,
  cell: { cohort: string; period: number; group: string | undefined; show: "retained" | "lost"; limit: number; offset: number },
): Sql {
  const b = values(bounds);
  const active = p.kind === "on" ? sql`mp.idx = ${cell.period}` : sql`mp.idx >= ${cell.period}`;
  const group = cell.group === undefined ? sql`` : sql`and m.bvalue = ${cell.group}`;
  return sql`with ${retentionCtes(project, p, bounds)},
sel as (
  select m.person_id, m.cohort_at from members m
  where m.cohort_period = ${cell.cohort}::date ${group}
    and ${raw(cell.show === "retained" ? "" : "not")} exists (select 1 from mp where mp.person_id = m.person_id and mp.cohort_period = m.cohort_period and ${active})
)
select count(*) over () as total, s.person_id as person, p.plan, p.source, p.platform, p.country,
  to_char(p.signup_at at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') as signup_at,
  to_char(s.cohort_at, 'YYYY-MM-DD HH24:MI:SS') as cohort_at,
  (select to_char(max(e.occurred_at) at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') from events e
    where e.project_id = ${project.id}::uuid and e.person_id = s.person_id and e.occurred_at <= ${b.asOf}) as last_activity,
  coalesce(p.properties, '{}'::jsonb) as properties
from sel s
left join people p on p.project_id = ${project.id}::uuid and p.person_id = s.person_id
order by s.person_id
limit ${cell.limit} offset ${cell.offset}`;
}
