import "server-only";
import { empty, join, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import type { ReportProject } from "../definition";
import { filterConditions, peopleOfEvents, propertyExpression } from "../sql/filters";
import type { DayRange } from "../sql/time-bounds";
import { PATH_PAGES } from "../paths";
import { LENGTH_CAP, TOP_ROWS, type JourneysParams } from "./definition";

/** Pages listed in the page counts and presence of each segment (the top lists are shorter). */
export const PAGE_ROWS = 200;

/**
 * One statement, a CTE per preprocessing step in the order the definition gives them, then one aggregate per metric.
 * - `ev`: the source events with their page, each person's order (`ord`: time, then upload and place in the file),
 *   and the segment's value; `sessions`: each person's sessions ranked by their first page, from either end.
 * - `kept`: the sessions chosen (first:n / last:n) before concatenation; `journey_keys`: each journey (a person, or a
 *   session) with its segment, from its first event, so that a journey emptied by removal keeps its segment.
 * - `removed`, then `collapsed`: pages removed, then consecutive repeats dropped, after concatenation, so a repeat
 *   across a session boundary collapses too; `steps`: each journey's pages numbered (`pos`) with its length.
 * - `journey_groups`: everyone and each shown segment value (the largest ones; the rest are "(other)").
 * People and sessions are partitioned by their ids compared by code point (collation "C"): the sorts that group them
 * then compare bytes, not the server's locale rules, which is several times faster and groups them all the same.
 */
function journeyCtes(project: ReportProject, p: JourneysParams, b: DayRange): Sql {
  const page = p.by ? propertyExpression("event", p.by) : sql`e.name`;
  const source = p.event ? sql`and e.name = ${p.event}` : p.by ? empty : sql`and e.occurred_at is null`;
  const usesPerson = p.segment?.scope === "person" || p.where.some((f) => f.scope === "person");
  const segment = p.segment ? propertyExpression(p.segment.scope, p.segment.property) : sql`null::text`;
  const chosen =
    p.sessions.take === "all" ? empty : p.sessions.take === "first" ? sql`where s.rank_first <= ${p.sessions.count}::int` : sql`where s.rank_last <= ${p.sessions.count}::int`;
  const journey = p.unit === "session" ? sql`ev.sess` : sql`''::text`;
  const removal = p.remove.length ? sql`and k.page not in (${join(p.remove)})` : empty;
  const collapse = p.repeats === "collapse" ? sql`where prev is distinct from page` : empty;
  return sql`ev as (
  select e.person_id, coalesce(e.session_id, '') as sess, ${page} as page, ${segment} as seg,
    row_number() over (partition by e.person_id collate "C" order by e.occurred_at, e.upload_id, e.position, e.name) as ord
  from events e ${usesPerson ? peopleOfEvents : empty}
  where e.project_id = ${project.id}::uuid
    and (e.occurred_at is null or (e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${b.readBefore}::timestamptz and e.occurred_at <= ${b.asOf}::timestamptz))
    and ${page} is not null
    ${source}
    ${filterConditions(p.where)}
),
sessions as (
  select person_id, sess,
    row_number() over (partition by person_id collate "C" order by min(ord)) as rank_first,
    row_number() over (partition by person_id collate "C" order by min(ord) desc) as rank_last
  from ev group by person_id, sess
),
kept as (
  select ev.person_id, ${journey} as jsess, ev.page, ev.seg, ev.ord
  from ev join sessions s on s.person_id = ev.person_id and s.sess = ev.sess
  ${chosen}
),
journey_keys as (
  select distinct on (person_id, jsess) person_id, jsess, coalesce(seg, '(none)') as seg from kept order by person_id, jsess, ord
),
removed as (
  select k.person_id, k.jsess, k.page, k.ord from kept k where true ${removal}
),
collapsed as (
  select person_id, jsess, page, ord from (
    select r.*, lag(r.page) over (partition by r.person_id collate "C", r.jsess collate "C" order by r.ord) as prev from removed r
  ) x ${collapse}
),
steps as (
  select person_id, jsess, page, row_number() over w as pos, count(*) over (partition by person_id collate "C", jsess collate "C") as len,
    lag(page) over w as prev_page, lead(page) over w as next_page
  from collapsed
  window w as (partition by person_id collate "C", jsess collate "C" order by ord)
),
journeys as (
  select s.person_id, s.jsess, s.len, k.seg from steps s join journey_keys k using (person_id, jsess) where s.pos = 1
),
top_segments as (
  select seg from journeys group by seg order by count(*) desc, seg collate "C" limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}
),
journey_groups as (
  select person_id, jsess, true as everyone, null::text as grp from journey_keys
  ${p.segment ? sql`union all select person_id, jsess, false, case when seg in (select seg from top_segments) then seg else '(other)' end from journey_keys` : empty}
)`;
}

/**
 * The top rows of a per-group list, most first and then by name: `<cte> (everyone, grp, <key>, n)`. Names are
 * compared by code point (collation "C"), so that ties come in the same order on every server whatever its locale.
 */
const topOf = (cte: Sql, key: Sql, rows: number) =>
  sql`(select coalesce(json_agg(json_build_object('everyone', everyone, 'grp', grp, 'key', key, 'n', n) order by everyone desc, grp, n desc, key collate "C"), '[]')
    from (select everyone, grp, ${key} as key, n, row_number() over (partition by everyone, grp order by n desc, ${key} collate "C") as r from ${cte}) t where r <= ${rows}::int)`;

export function journeysQuery(project: ReportProject, p: JourneysParams, b: DayRange): Sql {
  const withGroups = sql`join journey_groups g on g.person_id = s.person_id and g.jsess = s.jsess`;
  const neighbours = p.page
    ? sql`,
before_pages as (select g.everyone, g.grp, coalesce(s.prev_page, '(start)') as page, count(*)::int as n from steps s ${withGroups} where s.page = ${p.page} group by 1, 2, 3),
after_pages as (select g.everyone, g.grp, coalesce(s.next_page, '(end)') as page, count(*)::int as n from steps s ${withGroups} where s.page = ${p.page} group by 1, 2, 3)`
    : sql`,
before_pages as (select true as everyone, null::text as grp, ''::text as page, 0 as n where false),
after_pages as (select true as everyone, null::text as grp, ''::text as page, 0 as n where false)`;
  return sql`with ${journeyCtes(project, p, b)},
journey_pages as (
  select s.person_id, s.jsess, s.page, count(*)::int as occurrences from steps s group by 1, 2, 3
),
page_stats as (
  select g.everyone, g.grp, jp.page, sum(jp.occurrences)::int as occurrences, count(*)::int as n
  from journey_pages jp join journey_groups g on g.person_id = jp.person_id and g.jsess = jp.jsess
  group by 1, 2, 3
),
occurrence_stats as (select everyone, grp, page, occurrences as n from page_stats),
windows as (
  select s.person_id, s.jsess, s.pos, s.len,
    array_agg(s.page) over (partition by s.person_id collate "C", s.jsess collate "C" order by s.pos rows between current row and ${p.n - 1}::int following) as pages
  from steps s
),
sequences as (
  select g.everyone, g.grp, w.pages, count(*)::int as n
  from (select distinct person_id, jsess, pages from windows where pos <= len - ${p.n - 1}::int) w
  join journey_groups g on g.person_id = w.person_id and g.jsess = w.jsess
  group by 1, 2, 3
),
first_pages as (select g.everyone, g.grp, s.page, count(*)::int as n from steps s ${withGroups} where s.pos = 1 group by 1, 2, 3),
last_pages as (select g.everyone, g.grp, s.page, count(*)::int as n from steps s ${withGroups} where s.pos = s.len group by 1, 2, 3),
lengths as (
  select g.everyone, g.grp, count(*)::int as journeys, avg(j.len)::float8 as mean, percentile_cont(0.5) within group (order by j.len)::float8 as median
  from journeys j join journey_groups g on g.person_id = j.person_id and g.jsess = j.jsess group by 1, 2
),
length_bins as (
  select g.everyone, g.grp, least(j.len, ${LENGTH_CAP + 1}::int)::int as length, count(*)::int as n
  from journeys j join journey_groups g on g.person_id = j.person_id and g.jsess = j.jsess group by 1, 2, 3
),
emptied as (
  select g.everyone, g.grp, count(*)::int as n from journey_groups g
  where not exists (select 1 from journeys j where j.person_id = g.person_id and j.jsess = g.jsess) group by 1, 2
)${neighbours}${pathCtes(p)}
select
  (select coalesce(json_agg(l order by l.everyone desc, l.grp), '[]') from lengths l) as lengths,
  (select coalesce(json_agg(e), '[]') from emptied e) as emptied,
  (select coalesce(json_agg(b order by b.everyone desc, b.grp, b.length), '[]') from length_bins b) as length_bins,
  ${topOf(sql`page_stats`, sql`page`, PAGE_ROWS)} as presence,
  ${topOf(sql`occurrence_stats`, sql`page`, PAGE_ROWS)} as page_counts,
  ${topOf(sql`sequences`, sql`pages`, TOP_ROWS)} as sequences,
  ${topOf(sql`first_pages`, sql`page`, TOP_ROWS)} as first_pages,
  ${topOf(sql`last_pages`, sql`page`, TOP_ROWS)} as last_pages,
  ${topOf(sql`before_pages`, sql`page`, TOP_ROWS)} as before_pages,
  ${topOf(sql`after_pages`, sql`page`, TOP_ROWS)} as after_pages,
  ${p.start || p.end ? sql`(select coalesce(json_agg(l order by l.level, l.n desc, l.from_page collate "C", l.to_page collate "C"), '[]') from path_links l)` : sql`'[]'::json`} as path_links,
  ${p.start || p.end ? sql`(select count(*)::int from anchors)` : sql`0`} as path_journeys`;
}

/**
 * The path chart, for everyone: from each journey's first `start` (or to its last `end`), the pages at each level
 * up to `depth`, with (end) or (start) where the journey stops short. At each level the most frequent pages keep
 * their names and the rest become (other); each level is paired with the journey's next by `lead`, not by a join,
 * whose cost would hang on the planner's row estimates.
 */
function pathCtes(p: JourneysParams): Sql {
  if (!p.start && !p.end) return empty;
  const fromStart = !!p.start;
  const anchor = fromStart
    ? sql`select person_id, jsess, min(pos) as p0, max(len) as len from steps where page = ${p.start!} group by 1, 2`
    : sql`select person_id, jsess, max(pos) as p0, max(len) as len from steps where page = ${p.end!} group by 1, 2`;
  const levels = fromStart
    ? sql`select s.person_id, s.jsess, (s.pos - a.p0)::int as level, s.page from steps s join anchors a using (person_id, jsess) where s.pos between a.p0 and a.p0 + ${p.depth}::int
      union all select person_id, jsess, (len - p0 + 1)::int, '(end)' from anchors where len - p0 < ${p.depth}::int`
    : sql`select s.person_id, s.jsess, (a.p0 - s.pos)::int as level, s.page from steps s join anchors a using (person_id, jsess) where s.pos between a.p0 - ${p.depth}::int and a.p0
      union all select person_id, jsess, p0::int, '(start)' from anchors where p0 - 1 < ${p.depth}::int`;
  return sql`,
anchors as (${anchor}),
path_levels as (${levels}),
level_top as (
  select level, page from (
    select level, page, row_number() over (partition by level order by count(*) desc, page collate "C") as r from path_levels group by level, page
  ) t where r <= ${PATH_PAGES}::int or page in ('(end)', '(start)')
),
named_levels as (
  select l.person_id, l.jsess, l.level, case when t.page is null then '(other)' else l.page end as page
  from path_levels l left join level_top t on t.level = l.level and t.page = l.page
),
path_links as (
  select level, page as from_page, next_page as to_page, count(*)::int as n
  from (
    select level, page, lead(page) over w as next_page, lead(level) over w as next_level
    from named_levels window w as (partition by person_id collate "C", jsess collate "C" order by level)
  ) x
  where next_level = level + 1
  group by 1, 2, 3
)`;
}
