import "server-only";
import { empty, sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { PATH_PAGES } from "../paths";
import { filterConditions, peopleOfEvents, propertyExpression } from "../sql/filters";
import { boundsCte } from "../sql/time-bounds";
import { categoryOf, sizeOf, STAGE_DEFAULTS, type StagesParams } from "./definition";

export type StageBounds = { asOf: string; fromDay: string; toDay: string; readFrom: string; readBefore: string };
export type StageBoundsRow = { as_of: Date; from_day: string; to_day: string; read_from: Date; read_before: Date };

export function stageBoundsQuery(project: ReportProject, p: StagesParams, now: Date): Sql {
  const tz = project.timezone;
  return sql`select as_of, from_day::text as from_day, to_day::text as to_day,
    from_day::timestamp at time zone ${tz} as read_from, (to_day + 1)::timestamp at time zone ${tz} as read_before
  from (${boundsCte({ ...p, from: p.from ?? STAGE_DEFAULTS.from }, tz, now)}) bounds`;
}

/** Marks the end of a person's categories in the progression chart, and a purchase line without a category. */
export const NO_MORE = "(no more)";
const NO_CATEGORY = "(no category)";

/**
 * One statement.
 * - `purchases` and `returns`: the lines of each, with category and size; `buyers`: the people whose first purchase
 *   ever falls in the range (their first purchase is looked for over all time, so a returning customer is no new one).
 * - `occasions`: a person's purchases, one per moment (the lines of one order share it), numbered; an occasion after
 *   the first is a first purchase in a new category when a category's first line is in it (`category_firsts`).
 * - `stage_events`: each occasion's stage, and each return after the first purchase, in time order; `transitions`
 *   pairs each with the person's next (stages at one moment in the order of STAGES).
 */
export function stagesQuery(project: ReportProject, p: StagesParams, b: StageBounds): Sql {
  const tz = project.timezone;
  const usesPerson = [...p.where, ...p.purchase_where, ...p.return_where].some((f) => f.scope === "person");
  const join = usesPerson ? peopleOfEvents : empty;
  const category = propertyExpression("event", categoryOf(p));
  const size = propertyExpression("event", sizeOf(p));
  const scope = sql`e.project_id = ${project.id}::uuid and e.occurred_at is not null and e.occurred_at <= ${b.asOf}::timestamptz`;
  return sql`with purchases as (
  select e.person_id, e.occurred_at as at, coalesce(${category}, ${NO_CATEGORY}) as category, coalesce(${size}, '(none)') as size
  from events e ${join}
  where ${scope} and e.name = ${p.purchase} ${filterConditions(p.purchase_where)} ${filterConditions(p.where)}
),
buyers as (
  select person_id, first_at from (select person_id, min(at) as first_at from purchases group by person_id) f
  where first_at >= ${b.readFrom}::timestamptz and first_at < ${b.readBefore}::timestamptz
),
bought as (select p.* from purchases p join buyers using (person_id)),
returns as (
  select e.person_id, e.occurred_at as at, coalesce(${size}, '(none)') as size
  from events e ${join} join buyers b on b.person_id = e.person_id
  where ${scope} and e.name = ${p.return} and e.occurred_at >= b.first_at ${filterConditions(p.return_where)} ${filterConditions(p.where)}
),
occasions as (
  select person_id, at, row_number() over (partition by person_id order by at) as k from (select distinct person_id, at from bought) o
),
category_firsts as (select person_id, category, min(at) as at from bought group by 1, 2),
stage_events as (
  select o.person_id, o.at, o.k,
    case when o.k = 1 then 'first_purchase'
         when exists (select 1 from category_firsts c where c.person_id = o.person_id and c.at = o.at) then 'new_category'
         else 'repeat_purchase' end as stage
  from occasions o
  union all
  select person_id, at, null, 'return' from returns
),
ordered as (
  select stage, at, lead(stage) over w as next_stage, lead(at) over w as next_at
  from stage_events
  window w as (partition by person_id order by at, array_position(array['first_purchase', 'repeat_purchase', 'new_category', 'return'], stage))
),
transitions as (
  select stage as "from", coalesce(next_stage, 'none') as "to", count(*)::int as count,
    percentile_cont(0.5) within group (order by extract(epoch from next_at - at)) as median_seconds
  from ordered group by 1, 2
),
later as (
  select person_id, 'repeat_purchase' as stage, at from occasions where k = 2
  union all
  select person_id, stage, min(at) from stage_events where stage in ('new_category', 'return') group by 1, 2
),
time_stats as (
  select l.stage, count(*)::int as people, avg(extract(epoch from l.at - b.first_at))::float8 as mean,
    percentile_cont(array[0.25, 0.5, 0.75]) within group (order by extract(epoch from l.at - b.first_at)) as quartiles
  from later l join buyers b using (person_id) group by l.stage
),
cohorts as (select person_id, date_trunc(${p.cohort}, first_at at time zone ${tz})::date::text as cohort from buyers),
by_cohort as (
  select c.cohort, count(distinct c.person_id)::int as buyers,
    (select count(*) from bought x join cohorts y using (person_id) where y.cohort = c.cohort)::int as purchases,
    (select count(*) from returns x join cohorts y using (person_id) where y.cohort = c.cohort)::int as returns,
    (select count(distinct x.person_id) from returns x join cohorts y using (person_id) where y.cohort = c.cohort)::int as returners
  from cohorts c group by c.cohort
),
by_size as (
  select coalesce(l.size, r.size) as size, coalesce(l.n, 0)::int as purchases, coalesce(r.n, 0)::int as returns
  from (select size, count(*) as n from bought group by 1) l full join (select size, count(*) as n from returns group by 1) r on r.size = l.size
),
category_levels as (
  select person_id, category as page, row_number() over (partition by person_id order by at, category collate "C")::int as level from category_firsts
),
path_levels as (
  select person_id, level, page from category_levels where level <= ${p.depth}::int
  union all
  select person_id, max(level) + 1, ${NO_MORE} from category_levels group by person_id having max(level) < ${p.depth}::int
),
level_top as (
  select level, page from (
    select level, page, row_number() over (partition by level order by count(*) desc, page collate "C") as r from path_levels group by level, page
  ) t where r <= ${PATH_PAGES}::int or page = ${NO_MORE}
),
named_levels as (
  select l.person_id, l.level, case when t.page is null then '(other)' else l.page end as page
  from path_levels l left join level_top t on t.level = l.level and t.page = l.page
),
path_links as (
  select a.level, a.page as from_page, b.page as to_page, count(*)::int as n
  from named_levels a join named_levels b on b.person_id = a.person_id and b.level = a.level + 1
  group by 1, 2, 3
)
select
  (select count(*)::int from buyers) as buyers,
  (select count(distinct person_id)::int from occasions where k >= 2) as repeaters,
  (select count(distinct person_id)::int from stage_events where stage = 'new_category') as new_category,
  (select count(distinct person_id)::int from returns) as returners,
  (select coalesce(json_agg(t), '[]') from time_stats t) as times,
  (select coalesce(json_agg(t order by array_position(array['first_purchase', 'repeat_purchase', 'new_category', 'return'], t."from"), t.count desc, t."to" collate "C"), '[]') from transitions t) as transitions,
  (select coalesce(json_agg(c order by c.cohort), '[]') from by_cohort c) as cohorts,
  (select coalesce(json_agg(s order by s.purchases desc, s.size collate "C"), '[]') from by_size s) as sizes,
  (select coalesce(json_agg(l order by l.level, l.n desc, l.from_page collate "C", l.to_page collate "C"), '[]') from path_links l) as links`;
}
