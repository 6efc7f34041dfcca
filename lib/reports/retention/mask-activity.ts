import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { periodBefore, periodNumberOf, periodsBetween } from "../periods";
import { CHUNK } from "../rollups/activity-masks";
import { elapsedIndex, elapsedStart, periodNumber, unit } from "../sql/periods";
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
