import "server-only";
import { empty, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { breakdownExpression, filterConditions, needsPersonJoin, peopleOfEvents } from "../sql/filters";
import { periodStart, unit } from "../sql/periods";
import { boundsCte } from "../sql/time-bounds";
import type { ReportProject } from "../definition";
import { LIFECYCLE_DEFAULTS, type LifecycleParams } from "./definition";

export type LifecycleBoundsRow = { as_of: Date; as_of_local: string; from_period: string; to_period: string };

/** The as-of instant and the first and last periods shown, resolved first and then bound as values. */
export function lifecycleBoundsQuery(project: ReportProject, p: LifecycleParams, now: Date): Sql {
  const tz = project.timezone;
  const u = unit(p.period);
  const fromPeriod = p.from ? periodStart(p.period, sql`from_day`) : sql`(${periodStart(p.period, sql`to_day`)} - ${LIFECYCLE_DEFAULTS.periods - 1}::int * ${u})`;
  return sql`select as_of, to_char(as_of at time zone ${tz}, 'YYYY-MM-DD"T"HH24:MI:SS.MS') as as_of_local,
    ${fromPeriod}::date::text as from_period, ${periodStart(p.period, sql`to_day`)}::date::text as to_period
  from (${boundsCte(p, tz, now)}) bounds`;
}

/**
 * One statement over the events' whole history up to as_of (a person's first period may be long before the range):
 * each person's active periods, with the previous and next one from window functions; a period is new without a
 * previous one, returning when the previous one is adjacent, resurrected otherwise; a person whose next active
 * period is not the adjacent one is dormant in the period after.
 */
export function lifecycleQuery(project: ReportProject, p: LifecycleParams, b: LifecycleBoundsRow): Sql {
  const tz = project.timezone;
  const u = unit(p.period);
  const personJoin = needsPersonJoin(p.where) || p.breakdown ? peopleOfEvents : empty;
  const byValue = p.breakdown
    ? sql`union all
  select distinct false, case when a.bvalue in (select bvalue from top_values) then a.bvalue else '(other)' end, a.person_id, a.period from active a`
    : empty;
  return sql`with active as (
  select distinct e.person_id, ${periodStart(p.period, sql`e.occurred_at at time zone ${tz}`)}::date as period, ${breakdownExpression(p.breakdown)} as bvalue
  from events e ${personJoin}
  where e.project_id = ${project.id}::uuid and e.occurred_at <= ${b.as_of.toISOString()}::timestamptz
    ${filterConditions(p.where)}
),
top_values as (
  select bvalue from active where period >= ${b.from_period}::date group by bvalue order by count(distinct person_id) desc, bvalue limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}
),
person_periods as (
  select true as everyone, null::text as bvalue, person_id, period from (select distinct person_id, period from active) a
  ${byValue}
),
marked as (
  select everyone, bvalue, period, lag(period) over w as previous, lead(period) over w as next
  from person_periods
  window w as (partition by everyone, bvalue, person_id order by period)
),
counts as (
  select everyone, bvalue, period,
    count(*) filter (where previous is null)::int as new,
    count(*) filter (where previous = (period - ${u})::date)::int as returning,
    count(*) filter (where previous < (period - ${u})::date)::int as resurrected
  from marked group by 1, 2, 3
),
dormant as (
  select everyone, bvalue, (period + ${u})::date as period, count(*)::int as dormant
  from marked where next is null or next > (period + ${u})::date group by 1, 2, 3
),
groups as (select true as everyone, null::text as bvalue union all select distinct false, bvalue from person_periods where not everyone),
series as (select s::date as period from generate_series(${b.from_period}::timestamp, ${b.to_period}::timestamp, ${u}) s)
select g.everyone, g.bvalue as value, s.period::text as period,
  (s.period + ${u}) <= ${b.as_of_local}::timestamp + interval '1 millisecond' as complete,
  coalesce(c.new, 0) as new, coalesce(c.returning, 0) as returning, coalesce(c.resurrected, 0) as resurrected, coalesce(d.dormant, 0) as dormant
from groups g cross join series s
left join counts c on c.everyone = g.everyone and c.bvalue is not distinct from g.bvalue and c.period = s.period
left join dormant d on d.everyone = g.everyone and d.bvalue is not distinct from g.bvalue and d.period = s.period
order by g.everyone desc, g.bvalue, s.period`;
}
