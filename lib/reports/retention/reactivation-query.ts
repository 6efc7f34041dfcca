import "server-only";
import { join, sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { periodsBetween } from "../periods";
import { unit } from "../sql/periods";
import { boundValues, type RetentionBounds } from "./bounds";
import type { RetentionParams } from "./definition";
import { eventActivityCtes } from "./event-activity";
import { reactivationUsesMasks, windowMasksCtes, windowOrigin } from "./mask-activity";

/**
 * Growth accounting per calendar period of the grain, over everyone with returning activity (the report's return
 * event and filters), from the first cohort period to the as-of period. Each active person in a period is new (their
 * first period), retained (active in the previous one) or reactivated (neither). From the rollup, every count is a
 * bit test on window masks, and new people per period come from first periods (windowMasksCtes); from the raw
 * events, "retained" is one person-level join between consecutive periods, and first periods need all of history.
 */
export function reactivationQuery(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const u = unit(g);
  const b = boundValues(bounds);
  const prev = (period: Sql) => sql`(${period} - ${u})::date`;
  const masks = reactivationUsesMasks(p, bounds);
  let ctes: Sql;
  if (masks) {
    const origin = windowOrigin(p, bounds);
    const span = periodsBetween(g, origin, bounds.asOfPeriod);
    // Summed over the distinct masks (far fewer than people), each weighed by how many people have it.
    const activeAt = (i: number) => sql`coalesce(sum(n) filter (where (m >> ${i}) & 1 = 1), 0)::int`;
    const keptAt = (i: number) => (i === 0 ? sql`0` : sql`coalesce(sum(n) filter (where (m >> ${i - 1}) & 3 = 3), 0)::int`);
    ctes = sql`${windowMasksCtes(project, p, bounds)},
counts as (
  select (${origin}::date + (c.ord - 1)::int * ${u})::date as period, c.active, k.kept
  from (select array[${join(Array.from({ length: span + 1 }, (_, i) => activeAt(i)), ", ")}] as active,
      array[${join(Array.from({ length: span + 1 }, (_, i) => keptAt(i)), ", ")}] as kept
    from window_masks) t
  cross join unnest(t.active) with ordinality c(active, ord)
  join unnest(t.kept) with ordinality k(kept, ord) on k.ord = c.ord
),
active as (select period, active as n from counts),
kept as (select c.period, c.kept + coalesce(b.n, 0) as n from counts c left join boundary_kept b on b.period = c.period)`;
  } else {
    ctes = sql`${eventActivityCtes(project, p, { ...bounds, actFrom: "1900-01-01" }, false)},
person_periods as (select a.person_id, a.period_start as period from activity a),
active as (select period, count(*)::int as n from person_periods group by period),
kept as (
  select a.period, count(*)::int as n from person_periods a join person_periods b on b.person_id = a.person_id and b.period = ${prev(sql`a.period`)}
  group by a.period
),
firsts as (select period, count(*)::int as n from (select person_id, min(period) as period from person_periods group by person_id) f group by 1)`;
  }
  return sql`with ${ctes},
series as (select s.period::date as period from generate_series(${b.actFrom}::timestamp, ${b.asOfPeriod}::timestamp, ${u}) s(period))
select s.period::text as period, (s.period + ${u}) <= ${b.asOfLocal} + interval '1 millisecond' as complete,
  coalesce(a.n, 0) as active, coalesce(f.n, 0) as new, coalesce(k.n, 0) as retained,
  coalesce(a.n, 0) - coalesce(f.n, 0) - coalesce(k.n, 0) as reactivated,
  (select coalesce(sum(x.n), 0) from firsts x where x.period < ${prev(sql`s.period`)})::int - coalesce(ap.n, 0) + coalesce(fp.n, 0) as inactive_base,
  coalesce(ap.n, 0) - coalesce(k.n, 0) as churned
from series s
left join active a on a.period = s.period
left join firsts f on f.period = s.period
left join kept k on k.period = s.period
left join active ap on ap.period = ${prev(sql`s.period`)}
left join firsts fp on fp.period = ${prev(sql`s.period`)}
order by s.period`;
}
