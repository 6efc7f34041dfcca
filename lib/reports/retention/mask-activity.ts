import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import type { ReportProject } from "../definition";
import { addDays, periodBefore, periodNumberOf, periodsBetween, type Grain } from "../periods";
import { CHUNK } from "../rollups/activity-masks";
import { breakdownExpression, filterConditions, inScope } from "../sql/filters";
import { elapsedIndex, elapsedStart, periodNumber, periodStart, unit } from "../sql/periods";
import { boundValues, type RetentionBounds } from "./bounds";
import type { RetentionParams } from "./definition";
import { cohortIsFirstEvent, eventScoped, membersCtes, returningPeopleJoin } from "./members";

/**
 * Retention from the activity rollup (rollups/activity-masks.ts): each person's active periods as one 63-bit
 * mask over the report's window, so that the matrix, the reactivation table and a cell's people are bit tests and
 * per-period sums, with no row per person and period.
 *
 * The window starts one period before the first cohort (the reactivation table needs the period before) and ends at
 * the as-of period; it must fit in 63 bits. The rollup's bits count from each person's first period, so a person's
 * rows are shifted into the window by the position of their first period in it.
 */

const WINDOW_BITS = 63;
// Typed, as a bound number has no type until PostgreSQL infers one, and `- $1` cannot be inferred.
const BITS = sql`${WINDOW_BITS}::int`;
const ROW = sql`${CHUNK}::int`;
const int = (n: number) => sql`${n}::int`;

/** The rollup holds every event of any name, by week and month; event-property filters need the events themselves. */
function rollupHolds(p: RetentionParams) {
  return p.period !== "day" && p.return === "any" && !eventScoped(p.return_where) && !eventScoped(p.where);
}

/** The period at bit 0 of the window. */
export function windowOrigin(p: RetentionParams, bounds: RetentionBounds) {
  return periodBefore(p.period, bounds.actFrom);
}

function windowFits(p: RetentionParams, bounds: RetentionBounds) {
  return periodsBetween(p.period, windowOrigin(p, bounds), bounds.asOfPeriod) < WINDOW_BITS;
}

/**
 * Whether the matrix (and a cell's people) can be read from the rollup. Calendar counting works for every cohort
 * kind; elapsed masks count from the person's first event, so elapsed counting needs cohorts by first event.
 */
export function matrixUsesMasks(p: RetentionParams, bounds: RetentionBounds) {
  return rollupHolds(p) && windowFits(p, bounds) && (p.counting === "calendar" || (cohortIsFirstEvent(p) && p.periods <= WINDOW_BITS));
}

/** Whether the reactivation table (always by calendar period) can be read from the rollup. */
export function reactivationUsesMasks(p: RetentionParams, bounds: RetentionBounds) {
  return rollupHolds(p) && windowFits(p, bounds);
}

/**
 * Whether each rollup row can be counted on its own, with no person's rows gathered into one mask first (the
 * grouping by person took most of a report's time at 500k people). That needs nothing after as_of to clear: with an
 * event later than as_of, a person's bits from then on must not count and their as-of period is read again from
 * the events, person by person (personMasksCtes).
 */
const rowsCountAlone = (bounds: RetentionBounds) => bounds.nothingAfter;

const isPeriodStart = (g: Grain, iso: string) => periodNumberOf(g, iso) !== periodNumberOf(g, addDays(iso, -1));

/**
 * Whether the matrix can be counted from the rollup's first rows alone: cohorts by first event are the rows'
 * first periods, and with calendar counting and at most a row's periods, a member's retention in period k is bit k
 * of their first row. The cohorts' days must be whole periods (or run to as_of), as the rows know periods, not days.
 */
export function matrixFromFirstRows(p: RetentionParams, bounds: RetentionBounds) {
  const wholePeriods = bounds.fromDay === bounds.actFrom && (bounds.toDay >= bounds.asOfDay || isPeriodStart(p.period, addDays(bounds.toDay, 1)));
  return matrixUsesMasks(p, bounds) && rowsCountAlone(bounds) && p.counting === "calendar" && cohortIsFirstEvent(p) && p.kind === "on" && p.periods <= CHUNK && wholePeriods;
}

/**
 * `patterns(cohort_period, bvalue, sm, n)` for matrixFromFirstRows: how many members of each cohort and group have
 * each pattern of the n periods' bits, read from one scan of the people's first rows. Person filters of the cohort
 * side decide who is a member; those of the returning side whether a member's activity counts (as their rows do
 * in personMasksCtes). With a breakdown, the values beyond the top ones are "(other)", as membersCtes has them.
 */
export function firstRowPatternsCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const b = boundValues(bounds);
  const first = periodNumberOf(g, bounds.actFrom);
  const last = periodNumberOf(g, bounds.lastCohort);
  const cohortFilters = inScope([...p.cohort_where, ...p.where], "person");
  const returnFilters = inScope([...p.where, ...p.return_where], "person");
  const people = cohortFilters.length || returnFilters.length || p.breakdown;
  const low = sql`(1::bigint << ${int(p.periods)}) - 1`;
  const sm = returnFilters.length ? sql`case when true ${filterConditions(returnFilters)} then r.calendar & ${low} else 0 end` : sql`r.calendar & ${low}`;
  const rows = sql`select r.first_period, ${breakdownExpression(p.breakdown)} as bvalue, ${sm} as sm, count(*)::int as n
    from activity_masks r ${people ? sql`left join people p on p.project_id = r.project_id and p.person_id = r.person_id` : sql``}
    where r.project_id = ${project.id}::uuid and r.grain = ${g} and r.chunk = 0 and r.first_period between ${int(first)} and ${int(last)}
      ${filterConditions(cohortFilters)}
    group by 1, 2, 3`;
  const period = sql`(${b.actFrom} + (first_period - ${int(first)}) * ${unit(g)})::date`;
  if (!p.breakdown) return sql`patterns as (select ${period} as cohort_period, bvalue, sm, n from (${rows}) r)`;
  return sql`row_patterns as (${rows}),
top_values as (select bvalue from row_patterns group by bvalue order by sum(n) desc, bvalue limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}),
patterns as (
  select ${period} as cohort_period, case when bvalue in (select bvalue from top_values) then bvalue else '(other)' end as bvalue, sm, sum(n)::int as n
  from row_patterns group by 1, 2, 3
)`;
}

/**
 * For the reactivation table: `window_masks(m, n)`, the window masks to count and how many people have each;
 * `boundary_kept(period, n)`, retained people the masks do not show; and `firsts(period, n)`, the people whose first
 * event is in each period, of all time.
 *
 * When rows count alone (rowsCountAlone), each row is shifted into the window by itself: its bits are periods no
 * other row of the person holds, so active people add up over rows, and so do retained ones but for a person
 * active in the last period of one row and the first of the next, whom boundary_kept adds from the few pairs of rows
 * that meet there. The first rows' first periods are the firsts, counted in the same scan. Otherwise a mask per
 * person (personMasksCtes), no boundary to add, and the firsts from activity_people.
 */
export function windowMasksCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const originDay = windowOrigin(p, bounds);
  if (!rowsCountAlone(bounds))
    return sql`${personMasksCtes(project, p, bounds)},
window_masks as (select m, count(*)::int as n from person_masks group by m),
boundary_kept as (select null::date as period, 0 as n where false),
firsts as (
  select ${periodStart(g, sql`f.first_local`)}::date as period, count(*)::int as n from activity_people f ${returningPeopleJoin(project, p, "activity_people")}
  where f.project_id = ${project.id}::uuid and f.first_local <= ${boundValues(bounds).asOfLocal} group by 1
)`;
  const origin = int(periodNumberOf(g, originDay));
  const start = sql`(r.first_period + ${ROW} * r.chunk - ${origin})`;
  const periodAt = (i: Sql) => sql`(${originDay}::date + ${i} * ${unit(g)})::date`;
  return sql`row_masks as (
  select ${shifted(sql`r.calendar`, start)} as m, case when r.chunk = 0 then r.first_period end as first_period, count(*)::int as n
  from ${maskRows(project, p)} group by 1, 2
),
window_masks as (select m, sum(n)::int as n from row_masks group by m),
firsts as (select ${periodAt(sql`(first_period - ${origin})`)} as period, sum(n)::int as n from row_masks where first_period is not null group by 1),
boundary_kept as (
  select ${periodAt(start)} as period, count(*)::int as n
  from ${maskRows(project, p)} and r.chunk >= 1 and (r.calendar & 1) = 1 and ${start} between 1 and ${BITS} - 1
    and exists (select 1 from activity_masks q where q.project_id = r.project_id and q.grain = r.grain and q.person_id = r.person_id
      and q.chunk = r.chunk - 1 and ((q.calendar >> ${int(CHUNK - 1)}) & 1) = 1)
  group by 1
)`;
}

const bit = (k: Sql) => sql`(1::bigint << (${k}))`;
const bitsBelow = (k: Sql) => sql`((1::bigint << (${k})) - 1)`;

/** Mask x moved s bits up (down when s < 0), keeping window bits 0–62 only. */
function shifted(x: Sql, s: Sql): Sql {
  return sql`(case when ${s} >= ${BITS} or ${s} <= -${BITS} then 0::bigint
    when ${s} >= 0 then (${x} << (${s})) & 9223372036854775807 else ${x} >> (-(${s})) end)`;
}

/** The rollup's rows of the report's grain, with the returning side's person filters. */
function maskRows(project: ReportProject, p: RetentionParams): Sql {
  return sql`activity_masks r ${returningPeopleJoin(project, p, "activity_masks")} where r.project_id = ${project.id}::uuid and r.grain = ${p.period}`;
}

/**
 * `person_masks(person_id, m)`: per person with returning activity, bit i of m set when they were active in the i-th period
 * of the window. A person whose last event is after as_of (none, for an as_of of now) may have the as-of period's
 * bit from those later events alone: theirs is cleared with every later one and set again from their events up to
 * as_of.
 */
export function personMasksCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const pid = sql`${project.id}::uuid`;
  const b = boundValues(bounds);
  const origin = int(periodNumberOf(g, windowOrigin(p, bounds)));
  const asOfBit = int(periodsBetween(g, windowOrigin(p, bounds), bounds.asOfPeriod));
  return sql`late_people as (
  select ap.person_id, exists (select 1 from events e where e.project_id = ${pid} and e.person_id = ap.person_id
      and e.occurred_at >= (${b.asOfPeriod}::timestamp at time zone ${project.timezone}) and e.occurred_at <= ${b.asOf}) as active
  from activity_people ap where ap.project_id = ${pid} and ap.last_local > ${b.asOfLocal}
),
person_masks as (
  select x.person_id,
    case when l.person_id is null then x.m else (x.m & ${bitsBelow(asOfBit)}) | (case when l.active then ${bit(asOfBit)} else 0 end) end as m
  from (
    select r.person_id, bit_or(${shifted(sql`r.calendar`, sql`(r.first_period + ${ROW} * r.chunk - ${origin})`)}) as m
    from ${maskRows(project, p)} group by r.person_id
  ) x
  left join late_people l on l.person_id = x.person_id
)`;
}

/**
 * `elapsed_masks(person_id, m)`: per person, bit k of m set when they were active after k whole periods had elapsed since
 * their first event. As for person_masks, a person with events after as_of has the bits from the elapsed period holding as_of
 * on cleared, and that period's set again from their events up to as_of.
 */
function elapsedMasksCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const pid = sql`${project.id}::uuid`;
  const b = boundValues(bounds);
  return sql`late_people as (
  select l.person_id, l.k, exists (select 1 from events e where e.project_id = ${pid} and e.person_id = l.person_id and e.occurred_at <= ${b.asOf}
      and (e.occurred_at at time zone ${project.timezone}) >= ${elapsedStart(g, sql`l.first_local`, sql`l.k`)}) as active
  from (
    select ap.person_id, ap.first_local, ${elapsedIndex(g, sql`ap.first_local`, b.asOfLocal)} as k from activity_people ap
    where ap.project_id = ${pid} and ap.first_local <= ${b.asOfLocal} and ap.last_local > ${b.asOfLocal} offset 0
  ) l
),
elapsed_masks as (
  select x.person_id,
    case when l.person_id is null or l.k >= ${BITS} then x.m else (x.m & ${bitsBelow(sql`l.k`)}) | (case when l.active then ${bit(sql`l.k`)} else 0 end) end as m
  from (
    select r.person_id, bit_or(${shifted(sql`r.elapsed`, sql`(${ROW} * r.chunk - 1)`)}) as m from ${maskRows(project, p)} group by r.person_id
  ) x
  left join late_people l on l.person_id = x.person_id
)`;
}

/**
 * `members` and `member_masks(person_id, cohort_period, cohort_at, bvalue, sm)`: each membership with sm's bit k set when it
 * was retained in period k. Calendar: the person's window mask shifted down to the cohort's period. A cohort by
 * first event, first:<event> or each:<event> has an event at its moment, so period 0 is certain; a signup is no
 * event, and a person whose first event came before it is active in period 0 only with an event at or after it,
 * which is looked up for those people alone.
 */
export function memberMasksCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const members = membersCtes(project, p, bounds);
  if (p.counting === "elapsed")
    return sql`${members},
${elapsedMasksCtes(project, p, bounds)},
member_masks as (
  select m.person_id, m.cohort_period, m.cohort_at, m.bvalue, coalesce(pe.m, 0) as sm from members m left join elapsed_masks pe on pe.person_id = m.person_id
)`;
  const b = boundValues(bounds);
  const pid = sql`${project.id}::uuid`;
  const origin = int(periodNumberOf(p.period, windowOrigin(p, bounds)));
  const sm = sql`(coalesce(pm.m, 0) >> (${periodNumber(p.period, sql`m.cohort_period`)} - ${origin}))`;
  const signup = p.cohort.by === "signup";
  const local = sql`(e.occurred_at at time zone ${project.timezone})`;
  const checked = signup
    ? sql`case when (${sm} & 1) = 1 and ap.first_local < m.cohort_at and not exists (
        select 1 from events e where e.project_id = ${pid} and e.person_id = m.person_id and e.occurred_at <= ${b.asOf}
          and ${local} >= m.cohort_at and ${local} < m.cohort_period + ${unit(p.period)})
      then ${sm} - 1 else ${sm} end`
    : sm;
  const firsts = signup ? sql`left join activity_people ap on ap.project_id = ${pid} and ap.person_id = m.person_id` : sql``;
  return sql`${members},
${personMasksCtes(project, p, bounds)},
member_masks as (
  select m.person_id, m.cohort_period, m.cohort_at, m.bvalue, ${checked} as sm
  from members m left join person_masks pm on pm.person_id = m.person_id ${firsts}
)`;
}
