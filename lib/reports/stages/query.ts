import "server-only";
import { empty, sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { PATH_PAGES } from "../paths";
import { filterConditions, peopleOfEvents, propertyExpression } from "../sql/filters";
import type { DayRange } from "../sql/time-bounds";
import { categoryOf, sizeOf, type StagesParams } from "./definition";

/** Marks the end of a person's categories in the progression chart, and a purchase line without a category. */
export const NO_MORE = "(no more)";
const NO_CATEGORY = "(no category)";

/**
 * One statement, with no join between large intermediate results — every step is a window over rows in person order
 * or a grouping — so that its cost does not hang on the planner's row estimates (which, for a table whose person ids
 * have no statistics yet, are far off and would make a join a loop over every row).
 * - `lines`: the purchase and return lines, with category and size; `mine`: those of the people whose first purchase
 *   ever (up to as_of) falls in the range, each line carrying that first purchase's time.
 * - `occasions`: a person's purchases, one per moment (the lines of one order share it), numbered; an occasion after
 *   the first is a first purchase in a new category when one of its lines is its category's first for the person.
 * - `stage_events`: each occasion's stage, and each return after the first purchase, in time order; `ordered` pairs
 *   each with the person's next (stages at one moment in the order of STAGES).
 * - `path_links`: the categories in the order each was first bought, each level paired with the next by `lead`.
 */
export function stagesQuery(project: ReportProject, p: StagesParams, b: DayRange): Sql {
  const tz = project.timezone;
  const usesPerson = [...p.where, ...p.purchase_where, ...p.return_where].some((f) => f.scope === "person");
  const category = propertyExpression("event", categoryOf(p));
  const size = propertyExpression("event", sizeOf(p));
  const stageOrder = sql`array_position(array['first_purchase', 'repeat_purchase', 'new_category', 'return'], stage)`;
  const person = sql`partition by person_id`;
  return sql`with lines as (
  select e.person_id, e.occurred_at as at,
    (e.name = ${p.purchase} ${filterConditions(p.purchase_where)}) as is_purchase,
    (e.name = ${p.return} ${filterConditions(p.return_where)}) as is_return,
    coalesce(${category}, ${NO_CATEGORY}) as category, coalesce(${size}, '(none)') as size
  from events e ${usesPerson ? peopleOfEvents : empty}
  where e.project_id = ${project.id}::uuid and e.occurred_at is not null and e.occurred_at <= ${b.asOf}::timestamptz
    and e.name in (${p.purchase}, ${p.return}) ${filterConditions(p.where)}
),
mine as (
  select * from (
    select l.*, min(case when is_purchase then at end) over (${person}) as first_at from lines l where is_purchase or is_return
  ) x
  where first_at >= ${b.readFrom}::timestamptz and first_at < ${b.readBefore}::timestamptz
),
bought as (select person_id, at, category, size, first_at from mine where is_purchase),
returns as (select person_id, at, size, first_at from mine where is_return and at >= first_at),
occasions as (
  select person_id, at, max(first_at) as first_at, bool_or(category_first) as new_category,
    row_number() over (${person} order by at) as k
  from (select b.*, at = min(at) over (${person}, category) as category_first from bought b) x
  group by person_id, at
),
stage_events as (
  select person_id, at, first_at,
    case when k = 1 then 'first_purchase' when new_category then 'new_category' else 'repeat_purchase' end as stage
  from occasions
  union all
  select person_id, at, first_at, 'return' from returns
),
ordered as (
  select stage, at, lead(stage) over w as next_stage, lead(at) over w as next_at
  from stage_events
  window w as (${person} order by at, ${stageOrder})
),
transitions as (
  select stage as "from", coalesce(next_stage, 'none') as "to", count(*)::int as count,
    percentile_cont(0.5) within group (order by extract(epoch from next_at - at)) as median_seconds
  from ordered group by 1, 2
),
later as (
  select person_id, 'repeat_purchase' as stage, at, first_at from occasions where k = 2
  union all
  select person_id, stage, min(at), max(first_at) from stage_events where stage in ('new_category', 'return') group by 1, 2
),
time_stats as (
  select stage, count(*)::int as people, avg(extract(epoch from at - first_at))::float8 as mean,
    percentile_cont(array[0.25, 0.5, 0.75]) within group (order by extract(epoch from at - first_at)) as quartiles
  from later group by stage
),
by_cohort as (
  select cohort, count(distinct person_id) filter (where is_purchase)::int as buyers, count(*) filter (where is_purchase)::int as purchases,
    count(*) filter (where is_return and at >= first_at)::int as returns,
    count(distinct person_id) filter (where is_return and at >= first_at)::int as returners
  from (select m.*, date_trunc(${p.cohort}, first_at at time zone ${tz})::date::text as cohort from mine m) x
  group by cohort
),
by_size as (
  select coalesce(l.size, r.size) as size, coalesce(l.n, 0)::int as purchases, coalesce(r.n, 0)::int as returns
  from (select size, count(*) as n from bought group by 1) l full join (select size, count(*) as n from returns group by 1) r on r.size = l.size
),
category_levels as (
  select person_id, page, row_number() over (${person} order by at, page collate "C")::int as level
  from (select person_id, category as page, min(at) as at from bought group by 1, 2) c
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
  select level, page as from_page, next_page as to_page, count(*)::int as n
  from (select level, page, lead(page) over w as next_page, lead(level) over w as next_level from named_levels window w as (${person} order by level)) x
  where next_level = level + 1
  group by 1, 2, 3
)
select
  (select count(*)::int from occasions where k = 1) as buyers,
  (select count(*)::int from occasions where k = 2) as repeaters,
  (select count(distinct person_id)::int from occasions where k > 1 and new_category) as new_category,
  (select count(distinct person_id)::int from returns) as returners,
  (select coalesce(json_agg(t), '[]') from time_stats t) as times,
  (select coalesce(json_agg(t order by array_position(array['first_purchase', 'repeat_purchase', 'new_category', 'return'], t."from"), t.count desc, t."to" collate "C"), '[]') from transitions t) as transitions,
  (select coalesce(json_agg(c order by c.cohort), '[]') from by_cohort c) as cohorts,
  (select coalesce(json_agg(s order by s.purchases desc, s.size collate "C"), '[]') from by_size s) as sizes,
  (select coalesce(json_agg(l order by l.level, l.n desc, l.from_page collate "C", l.to_page collate "C"), '[]') from path_links l) as links`;
}
