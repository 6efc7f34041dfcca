import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { filterConditions, needsPersonJoin, peopleOfEvents } from "../sql/filters";
import { calendarIndex, elapsedIndex, periodStart } from "../sql/periods";
import { boundValues, type RetentionBounds } from "./bounds";
import type { RetentionParams } from "./definition";
import { membersCtes } from "./members";

/**
 * Retention from the raw events, for every shape the activity rollup cannot answer (day periods, named returning
 * events, event-property filters, long windows, elapsed counting from other than the first event):
 * - `members`: one row per cohort membership;
 * - `activity`: per person and calendar period of the report's grain, the first and last returning event's local
 *   time, from `actFrom` on;
 * - `member_periods`: the periods in which each membership was active, by calendar or elapsed counting. A calendar
 *   period holds at most one boundary of a person's elapsed periods (they are one period apart), so its first and
 *   last event times tell exactly which one or two elapsed periods it touches.
 */
export function eventActivityCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds, withMembers = true): Sql {
  const tz = project.timezone;
  const grain = p.period;
  const b = boundValues(bounds);
  const local = sql`(e.occurred_at at time zone ${tz})`;
  const returnFilters = [...p.return_where, ...p.where];
  const nameCondition = p.return === "any" ? sql`` : sql`and e.name = ${p.return}`;
  const peopleJoin = needsPersonJoin(returnFilters) ? peopleOfEvents : sql``;
  const activity = sql`select e.person_id, ${periodStart(grain, local)}::date as period_start, min(${local}) as first_local, max(${local}) as last_local
    from events e ${peopleJoin}
    where e.project_id = ${project.id}::uuid and e.occurred_at <= ${b.asOf} and e.occurred_at >= (${b.actFrom}::timestamp at time zone ${tz})
      ${nameCondition} ${filterConditions(returnFilters)}
    group by 1, 2`;

  // Unique already with calendar counting (activity has one row per person and period); elapsed counting gives two
  // candidates per row, so duplicates go. Only activity at or after the cohort moment counts.
  const memberPeriods =
    p.counting === "calendar"
      ? sql`select m.person_id, m.cohort_period, m.bvalue, ${calendarIndex(grain, sql`a.period_start`, sql`m.cohort_period`)} as idx
        from members m join activity a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at`
      : sql`select distinct m.person_id, m.cohort_period, m.bvalue, x.idx
        from members m join activity a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at
        cross join lateral (values (${elapsedIndex(grain, sql`m.cohort_at`, sql`greatest(a.first_local, m.cohort_at)`)}),
          (${elapsedIndex(grain, sql`m.cohort_at`, sql`a.last_local`)})) x(idx)`;

  // Left out when unused: a CTE referenced twice is materialised, and `activity` can be a million rows.
  return withMembers
    ? sql`${membersCtes(project, p, bounds)},
activity as (${activity}),
member_periods as (${memberPeriods})`
    : sql`activity as (${activity})`;
}
