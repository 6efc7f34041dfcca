import "server-only";
import { empty, join, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import type { ReportProject } from "../definition";
import { filterConditions, peopleOfEvents, propertyExpression } from "../sql/filters";
import { inDayRange, type DayRange } from "../sql/time-bounds";
import { PATH_PAGES } from "../paths";
import { LENGTH_CAP, TOP_ROWS, type JourneysParams } from "./definition";

/** Pages listed in the page counts and presence of each segment (the top lists are shorter). */
export const PAGE_ROWS = 200;

/**
 * Where the journeys are read: each person's row of the sequence rollup, whose events without a clock (the page views
 * of journeys uploads) come last, in the order the journeys take (upload, then place in the file); or the events, for
 * sessions as the unit or chosen by rank (the rollup keeps no session), pages from another event or property, and
 * event filters or segments.
 */
export type JourneySource = "sequences" | "events";
export const journeySource = (p: JourneysParams): JourneySource =>
  p.unit === "person" && p.sessions.take === "all" && !p.by && !p.event && p.where.every((f) => f.scope === "person") && p.segment?.scope !== "event"
    ? "sequences"
    : "events";

/**
 * `raw_journeys` from the sequence rollup: the slice of each person's names from their first untimed event on, with
 * no sort of the page views.
 */
function rawFromSequences(project: ReportProject, p: JourneysParams, segment: Sql, usesPerson: boolean): Sql {
  // Materialized: each slice made once, where the collapsing above, reading the previous page of each, made it again.
  return sql`raw_journeys as materialized (
  select s.names[array_position(s.ats, 'infinity'::timestamptz):] as raw, ${segment} as seg
  from event_sequences s
  ${usesPerson ? sql`left join people p on p.project_id = ${project.id}::uuid and p.person_id = s.person_id` : empty}
  -- A person with page views has an untimed event last: one subscript, where finding the first read every time.
  where s.project_id = ${project.id}::uuid and s.ats[cardinality(s.ats)] = 'infinity'::timestamptz
    ${filterConditions(p.where)}
)`;
}

/**
 * One statement. The preprocessing makes each journey an array of pages, in the order the definition gives; every
 * metric is then read from those arrays, a row per journey, with no join or sort over the page views again.
 * - `ev`: the source events with their page, each person's order (`ord`: time, then upload and place in the file),
 *   and the segment's value; `sessions` (for first:n / last:n): each person's sessions ranked by their first page,
 *   from either end, so that the sessions are chosen before concatenation.
 * - `raw_journeys`: each journey (a person, or a session) as its pages in order, with the segment of its first page,
 *   so that a journey emptied by removal keeps its segment; from the sequence rollup where it holds them
 *   (`journeySource`), with no `ev`.
 * - `journeys`: pages removed, then consecutive repeats dropped, in the array, after concatenation, so a repeat across
 *   a session boundary collapses too; `len` is 0 for a journey removal emptied.
 * - `grouped`: each journey once for everyone and once in its segment value's group (the largest values; the rest
 *   are "(other)").
 * Sessions are sorted by their ids compared by code point (collation "C", as person ids are stored): the sort then
 * compares bytes, not the server's locale rules, which is several times faster and groups them all the same.
 */
function journeyCtes(project: ReportProject, p: JourneysParams, b: DayRange, from: JourneySource): Sql {
  const page = p.by ? propertyExpression("event", p.by) : sql`e.name`;
  const source = p.event ? sql`and e.name = ${p.event}` : p.by ? empty : sql`and e.occurred_at is null`;
  const usesPerson = p.segment?.scope === "person" || p.where.some((f) => f.scope === "person");
  const segment = p.segment ? propertyExpression(p.segment.scope, p.segment.property) : sql`null::text`;
  const chosen =
    p.sessions.take === "all"
      ? empty
      : sql`join sessions s on s.person_id = ev.person_id and s.sess = ev.sess
  where ${p.sessions.take === "first" ? sql`s.rank_first` : sql`s.rank_last`} <= ${p.sessions.count}::int`;
  const journey = p.unit === "session" ? sql`ev.sess collate "C"` : sql`''::text`;
  // Each step keeps the array's order by reading it with its places (`with ordinality`) and ordering by them.
  const removed = p.remove.length
    ? sql`array(select x from unnest(r.raw) with ordinality u(x, i) where x not in (${join(p.remove)}) order by i)`
    : sql`r.raw`;
  const pages =
    p.repeats === "collapse"
      ? sql`(select array(select x from unnest(k.a) with ordinality u(x, i) where i = 1 or x is distinct from k.a[i - 1] order by i) from (select ${removed} as a) k)`
      : removed;
  const raw =
    from === "sequences"
      ? rawFromSequences(project, p, segment, usesPerson)
      : sql`ev as (
  select e.person_id, coalesce(e.session_id, '') as sess, ${page} as page, ${segment} as seg,
    row_number() over (partition by e.person_id order by e.occurred_at, e.upload_id, e.position, e.name) as ord
  from events e ${usesPerson ? peopleOfEvents : empty}
  where e.project_id = ${project.id}::uuid
    and ${inDayRange(sql`e.occurred_at`, b)}
    and ${page} is not null
    ${source}
    ${filterConditions(p.where)}
),${
    p.sessions.take === "all"
      ? empty
      : sql`
sessions as (
  select person_id, sess,
    row_number() over (partition by person_id order by min(ord)) as rank_first,
    row_number() over (partition by person_id order by min(ord) desc) as rank_last
  from ev group by person_id, sess
),`
  }
raw_journeys as (
  select array_agg(ev.page order by ev.ord) as raw, (array_agg(ev.seg order by ev.ord))[1] as seg
  from ev ${chosen}
  group by ev.person_id, ${journey}
)`;
  return sql`${raw},
journeys as (
  -- Fenced (offset 0), so that the pages are worked out once a journey and not again for their length.
  select row_number() over () as jid, seg, pages, cardinality(pages) as len
  from (select coalesce(r.seg, '(none)') as seg, ${pages} as pages from raw_journeys r offset 0) j
),
top_segments as (
  select seg from journeys where len > 0 group by seg order by count(*) desc, seg collate "C" limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}
),
grouped as (
  select j.jid, j.pages, j.len, true as everyone, null::text as grp from journeys j
  ${p.segment ? sql`union all select j.jid, j.pages, j.len, false, case when j.seg in (select seg from top_segments) then j.seg else '(other)' end from journeys j` : empty}
)`;
}

/**
 * The top rows of a per-group list, most first and then by name: `<cte> (everyone, grp, <key>, n)`. Names are
 * compared by code point (collation "C"), so that ties come in the same order on every server whatever its locale.
 */
const topOf = (cte: Sql, key: Sql, rows: number) =>
  sql`(select coalesce(json_agg(json_build_object('everyone', everyone, 'grp', grp, 'key', key, 'n', n) order by everyone desc, grp, n desc, key collate "C"), '[]')
    from (select everyone, grp, ${key} as key, n, row_number() over (partition by everyone, grp order by n desc, ${key} collate "C") as r from ${cte}) t where r <= ${rows}::int)`;

export function journeysQuery(project: ReportProject, p: JourneysParams, b: DayRange, source: JourneySource = journeySource(p)): Sql {
  // Each occurrence of the page, with the pages just before and after it ((start) and (end) past the journey's edges).
  const neighbours = p.page
    ? sql`,
around as (
  select g.everyone, g.grp, g.pages[i - 1] as before_page, g.pages[i + 1] as after_page
  from grouped g cross join lateral generate_subscripts(g.pages, 1) i where g.pages[i] = ${p.page}
),
before_pages as (select everyone, grp, coalesce(before_page, '(start)') as page, count(*)::int as n from around group by 1, 2, 3),
after_pages as (select everyone, grp, coalesce(after_page, '(end)') as page, count(*)::int as n from around group by 1, 2, 3)`
    : sql`,
before_pages as (select true as everyone, null::text as grp, ''::text as page, 0 as n where false),
after_pages as (select true as everyone, null::text as grp, ''::text as page, 0 as n where false)`;
  return sql`with ${journeyCtes(project, p, b, source)},
page_stats as (
  -- Each journey's pages counted within it first: the occurrences, and the journey once for presence.
  select g.everyone, g.grp, x.page, sum(x.n)::int as occurrences, count(*)::int as n
  from grouped g cross join lateral (select page, count(*) as n from unnest(g.pages) page group by page) x
  group by 1, 2, 3
),
occurrence_stats as (select everyone, grp, page, occurrences as n from page_stats),
sequences as (
  select g.everyone, g.grp, w.pages, count(*)::int as n
  from grouped g cross join lateral (
    select distinct g.pages[i : i + ${p.n - 1}::int] as pages from generate_series(1, g.len - ${p.n - 1}::int) i
  ) w
  group by 1, 2, 3
),
first_pages as (select everyone, grp, pages[1] as page, count(*)::int as n from grouped where len > 0 group by 1, 2, 3),
last_pages as (select everyone, grp, pages[len] as page, count(*)::int as n from grouped where len > 0 group by 1, 2, 3),
lengths as (
  select everyone, grp, count(*)::int as journeys, avg(len)::float8 as mean, percentile_cont(0.5) within group (order by len)::float8 as median
  from grouped where len > 0 group by 1, 2
),
length_bins as (
  select everyone, grp, least(len, ${LENGTH_CAP + 1}::int)::int as length, count(*)::int as n from grouped where len > 0 group by 1, 2, 3
),
emptied as (select everyone, grp, count(*)::int as n from grouped where len = 0 group by 1, 2)${neighbours}${pathCtes(p)}
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
    ? sql`select jid, pages, len, array_position(pages, ${p.start!}) as p0 from journeys where ${p.start!} = any(pages)`
    : sql`select jid, pages, len, (select max(i) from unnest(array_positions(pages, ${p.end!})) i) as p0 from journeys where ${p.end!} = any(pages)`;
  const levels = fromStart
    ? sql`select a.jid, l as level, a.pages[a.p0 + l] as page from anchors a cross join lateral generate_series(0, least(${p.depth}::int, a.len - a.p0)) l
      union all select jid, (len - p0 + 1)::int, '(end)' from anchors where len - p0 < ${p.depth}::int`
    : sql`select a.jid, l as level, a.pages[a.p0 - l] as page from anchors a cross join lateral generate_series(0, least(${p.depth}::int, a.p0 - 1)) l
      union all select jid, p0::int, '(start)' from anchors where p0 - 1 < ${p.depth}::int`;
  return sql`,
anchors as (${anchor}),
path_levels as (${levels}),
level_top as (
  select level, page from (
    select level, page, row_number() over (partition by level order by count(*) desc, page collate "C") as r from path_levels group by level, page
  ) t where r <= ${PATH_PAGES}::int or page in ('(end)', '(start)')
),
named_levels as (
  select l.jid, l.level, case when t.page is null then '(other)' else l.page end as page
  from path_levels l left join level_top t on t.level = l.level and t.page = l.page
),
path_links as (
  select level, page as from_page, next_page as to_page, count(*)::int as n
  from (
    select level, page, lead(page) over w as next_page, lead(level) over w as next_level
    from named_levels window w as (partition by jid order by level)
  ) x
  where next_level = level + 1
  group by 1, 2, 3
)`;
}
