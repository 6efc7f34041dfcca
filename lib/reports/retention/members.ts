import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import type { ReportProject } from "../definition";
import type { PropertyFilter } from "../filters";
import { breakdownExpression, filterConditions, inScope, needsPersonJoin, peopleOfEvents } from "../sql/filters";
import { periodStart } from "../sql/periods";
import { boundValues, type RetentionBounds } from "./bounds";
import type { RetentionParams } from "./definition";

export const eventScoped = (fs: PropertyFilter[]) => fs.some((f) => f.scope === "event");

/** Whether cohorts are people's first event of any name, unfiltered: the moment the activity rollup counts from. */
export function cohortIsFirstEvent(p: RetentionParams) {
  return p.cohort.by === "first" && !p.cohort.event && !eventScoped([...p.cohort_where, ...p.where]);
}

/**
 * The body of the `members` CTE: one row per cohort membership (person_id, cohort_period, cohort_at local,
 * bvalue). Filters on the cohort side are its own plus the global ones; person filters apply to the people
 * themselves, whichever side found them.
 */
function membersSql(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const tz = project.timezone;
  const pid = sql`${project.id}::uuid`;
  const b = boundValues(bounds);
  const local = sql`(e.occurred_at at time zone ${tz})`;
  const cohortFilters = [...p.cohort_where, ...p.where];
  const c = p.cohort;
  let moments: Sql;
  if (c.by === "signup") {
    moments = sql`select p.person_id, (p.signup_at at time zone ${tz}) as cohort_at
      from people p
      where p.project_id = ${pid} and p.signup_at is not null and p.signup_at <= ${b.asOf}
        and p.signup_at >= (${b.fromDay}::timestamp at time zone ${tz}) and p.signup_at < ((${b.toDay} + 1)::timestamp at time zone ${tz})
        ${filterConditions(inScope(cohortFilters, "person"))}`;
  } else if (cohortIsFirstEvent(p)) {
    // First event of any name, kept per person in the rollup; read by range, so the planner knows the cohorts' size.
    moments = sql`select f.person_id, f.first_local as cohort_at from activity_people f
      where f.project_id = ${pid} and f.first_local <= ${b.asOfLocal} and f.first_local >= ${b.fromDay} and f.first_local < ${b.toDay} + 1`;
  } else {
    const nameCondition = c.event ? sql`and e.name = ${c.event}` : sql``;
    const join = needsPersonJoin(cohortFilters) ? peopleOfEvents : sql``;
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
          group by e.person_id, ${periodStart(p.period, local)}`;
  }
  const personFilters = inScope(cohortFilters, "person");
  const cohortPeriod = periodStart(p.period, sql`m.cohort_at`);
  return personFilters.length || p.breakdown
    ? sql`select m.person_id, ${cohortPeriod}::date as cohort_period, m.cohort_at, ${breakdownExpression(p.breakdown)} as bvalue
      from (${moments}) m left join people p on p.project_id = ${pid} and p.person_id = m.person_id
      where true ${filterConditions(personFilters)}`
    : sql`select m.person_id, ${cohortPeriod}::date as cohort_period, m.cohort_at, null::text as bvalue from (${moments}) m`;
}

/**
 * The `members` CTE. With a breakdown, only the JOURNEYLENS_BREAKDOWN_GROUPS values with the most members are groups
 * of their own, and the rest are added up as "(other)", so that a breakdown by an id-like property stays a chart.
 */
export function membersCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const body = membersSql(project, p, bounds);
  if (!p.breakdown) return sql`members as (${body})`;
  return sql`all_members as (${body}),
top_values as (select bvalue from all_members group by bvalue order by count(*) desc, bvalue limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}),
members as (
  select m.person_id, m.cohort_period, m.cohort_at, case when m.bvalue in (select bvalue from top_values) then m.bvalue else '(other)' end as bvalue
  from all_members m
)`;
}

/** Person filters of the returning side (global and return_where), on the people of the rows of `source`. */
export function returningPeopleJoin(project: ReportProject, p: RetentionParams, source: "activity_masks" | "activity_people"): Sql {
  const personFilters = inScope([...p.where, ...p.return_where], "person");
  // The rollup tables are read as r (masks) and f (first events); the join names their person column.
  const personOf = source === "activity_masks" ? sql`r.person_id` : sql`f.person_id`;
  return personFilters.length
    ? sql`join people p on p.project_id = ${project.id}::uuid and p.person_id = ${personOf} ${filterConditions(personFilters)}`
    : sql``;
}
