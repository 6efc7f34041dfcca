import "server-only";
import { join, sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { elapsedStart, unit } from "../sql/periods";
import { boundValues, type RetentionBounds } from "./bounds";
import type { RetentionParams } from "./definition";
import { eventActivityCtes } from "./event-activity";
import { firstRowPatternsCtes, matrixFromFirstRows, matrixUsesMasks, memberMasksCtes } from "./mask-activity";

/**
 * The matrix: cohort sizes and retained counts per group, with each cell's state at as_of. Groups are everyone
 * (grouping = 1) and, with a breakdown, each value.
 */
export function retentionMatrixQuery(project: ReportProject, p: RetentionParams, bounds: RetentionBounds): Sql {
  const g = p.period;
  const u = unit(g);
  const b = boundValues(bounds);
  const n = p.periods;
  const by = (cols: Sql) => (p.breakdown ? sql`grouping sets ((${cols}), (bvalue, ${cols}))` : sql`${cols}, bvalue`);
  const everyone = p.breakdown ? sql`grouping(bvalue) = 1` : sql`true`;
  const masks = matrixUsesMasks(p, bounds);
  const firstRows = matrixFromFirstRows(p, bounds);
  // From masks: memberships counted per cohort and pattern of the n periods' bits (far fewer patterns than members),
  // then a weighted sum per period column, rather than a row per membership and period. For on_or_after one more
  // bit stands for "active in some later period".
  const low = sql`(sm & ((1::bigint << ${n}) - 1))`;
  const pattern = p.kind === "on" ? low : sql`(${low} | case when (sm >> ${n}) <> 0 then 1::bigint << ${n} else 0 end)`;
  const hit = (k: number) => (p.kind === "on" ? sql`((sm >> ${k}) & 1)::int` : sql`((sm >> ${k}) <> 0)::int`);
  const sums = Array.from({ length: n }, (_, k) => sql`sum(n * ${hit(k)})::int`);
  const retained = masks
    ? sql`select t.cohort_period, t.bvalue, (c.ord - 1)::int as idx, c.retained, t.everyone
        from (select cohort_period, bvalue, array[${join(sums, ", ")}] as counts, ${everyone} as everyone
          from ${firstRows ? sql`patterns` : sql`(select cohort_period, bvalue, ${pattern} as sm, count(*)::int as n from member_masks group by 1, 2, 3) patterns`}
          group by ${by(sql`cohort_period`)}) t
        cross join unnest(t.counts) with ordinality c(retained, ord)`
    : p.kind === "on"
      ? sql`select cohort_period, bvalue, idx, count(*)::int as retained, ${everyone} as everyone
        from member_periods where idx between 0 and ${n - 1} group by ${by(sql`cohort_period, idx`)}`
      : sql`select cohort_period, bvalue, k.idx, count(*) filter (where top >= k.idx)::int as retained, ${everyone} as everyone
        from (select person_id, cohort_period, bvalue, max(idx) as top from member_periods group by 1, 2, 3) t
        cross join generate_series(0, ${n - 1}) k(idx)
        group by ${by(sql`cohort_period, k.idx`)}`;
  const cellState = (start: Sql, end: Sql) =>
    sql`case when ${start} > ${b.asOfLocal} then 'future' when ${end} > ${b.asOfLocal} + interval '1 millisecond' then 'incomplete' else 'complete' end`;
  // With elapsed counting each member has their own periods: a cell is incomplete until its latest member's period
  // has ended and future until its earliest member's has begun.
  const state =
    p.counting === "calendar"
      ? cellState(sql`(s.cohort_period + k.idx * ${u})`, sql`(s.cohort_period + (k.idx + 1) * ${u})`)
      : sql`case when s.size = 0 then ${cellState(sql`(s.cohort_period + k.idx * ${u})`, sql`(s.cohort_period + (k.idx + 2) * ${u})`)}
          else ${cellState(elapsedStart(g, sql`s.first_at`, sql`k.idx`), elapsedStart(g, sql`s.last_at`, sql`(k.idx + 1)`))} end`;
  const ctes = firstRows ? firstRowPatternsCtes(project, p, bounds) : masks ? memberMasksCtes(project, p, bounds) : eventActivityCtes(project, p, bounds);
  // Each cohort's first and last member moment matter to elapsed counting only, which patterns do not serve.
  const sizes = firstRows
    ? sql`select cohort_period, bvalue, sum(n)::int as size, null::timestamp as first_at, null::timestamp as last_at, ${everyone} as everyone
      from patterns group by ${by(sql`cohort_period`)}`
    : sql`select cohort_period, bvalue, count(*)::int as size, min(cohort_at) as first_at, max(cohort_at) as last_at, ${everyone} as everyone
      from members group by ${by(sql`cohort_period`)}`;
  return sql`with ${ctes},
sizes as (${sizes}),
groups as (
  select distinct bvalue, everyone from sizes
  union select null, true
),
cohorts as (
  select gr.bvalue, gr.everyone, c.cohort_period::date as cohort_period
  from groups gr cross join generate_series(${b.actFrom}::timestamp, ${b.lastCohort}::timestamp, ${u}) c(cohort_period)
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
