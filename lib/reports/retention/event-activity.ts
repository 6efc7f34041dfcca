import "server-only";
import { raw, sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { filterConditions } from "../filter-sql";
import { calendarIndex, elapsedIndex } from "../period-sql";
import { boundValues, type RetentionBounds } from "./bounds";
import type { RetentionParams } from "./definition";
import { membersSql } from "./members";

/**
 * Retention from the raw events, for every shape the activity rollup cannot answer (day periods, named returning
 * events, event-property filters, long windows, elapsed counting from other than the first event):
 * - `members`: one row per cohort membership;
 * - `act`: per person and calendar period of the report's grain, the first and last returning event's local time,
 *   from `actFrom` on;
 * - `mp`: the periods in which each membership was active, by calendar or elapsed counting. A calendar period holds
 *   at most one boundary of a person's elapsed periods (they are one period apart), so its first and last event
 *   times tell exactly which one or two elapsed periods it touches.
 */
export function eventActivityCtes(project: ReportProject, p: RetentionParams, bounds: RetentionBounds, withMp = true): Sql {
  const tz = project.timezone;
  const g = p.period;
  const grain = raw(`'${g}'`);
  const b = boundValues(bounds);
  const local = sql`(e.occurred_at at time zone ${tz})`;
  const returnFilters = [...p.return_where, ...p.where];
  const nameCondition = p.return === "any" ? sql`` : sql`and e.name = ${p.return}`;
  const peopleJoin = returnFilters.some((f) => f.scope === "person")
    ? sql`left join people p on p.project_id = e.project_id and p.person_id = e.person_id`
    : sql``;
  const act = sql`select e.person_id, date_trunc(${grain}, ${local})::date as period_start, min(${local}) as first_local, max(${local}) as last_local
    from events e ${peopleJoin}
    where e.project_id = ${project.id}::uuid and e.occurred_at <= ${b.asOf} and e.occurred_at >= (${b.actFrom}::timestamp at time zone ${tz})
      ${nameCondition} ${filterConditions(returnFilters)}
    group by 1, 2`;

  // Unique already with calendar counting (act has one row per person and period); elapsed counting gives two
  // candidates per row, so duplicates go. Only activity at or after the cohort moment counts.
  const mp =
    p.counting === "calendar"
      ? sql`select m.person_id, m.cohort_period, m.bvalue, ${calendarIndex(g, sql`a.period_start`, sql`m.cohort_period`)} as idx
        from members m join act a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at`
      : sql`select distinct m.person_id, m.cohort_period, m.bvalue, x.idx
        from members m join act a on a.person_id = m.person_id and a.period_start >= m.cohort_period and a.last_local >= m.cohort_at
        cross join lateral (values (${elapsedIndex(g, sql`m.cohort_at`, sql`greatest(a.first_local, m.cohort_at)`)}),
          (${elapsedIndex(g, sql`m.cohort_at`, sql`a.last_local`)})) x(idx)`;

  // Left out when unused: a CTE referenced twice is materialised, and `act` can be a million rows.
  return withMp
    ? sql`members as (${membersSql(project, p, bounds)}),
act as (${act}),
mp as (${mp})`
    : sql`act as (${act})`;
}
