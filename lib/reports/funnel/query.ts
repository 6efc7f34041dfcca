import "server-only";
import { empty, join, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import type { ReportProject } from "../definition";
import type { Paging } from "../server-report";
import { filterConditions, peopleOfEvents, propertyExpression } from "../sql/filters";
import { fromTable } from "../sql/identifiers";
import type { DayRange } from "../sql/time-bounds";
import { MAX_STEPS, type FunnelParams } from "./definition";
import type { FunnelPeopleSelection } from "./people";

/** Lower edges of the time-to-convert bins, in seconds: 1, 5 and 15 minutes, 1, 3 and 12 hours, 1, 3, 7, 14 and 30 days. */
export const DURATION_EDGES = [0, 60, 300, 900, 3600, 10800, 43200, 86400, 259200, 604800, 1209600, 2592000] as const;

/**
 * The names of step k's CTE (c), its event's place (q) and time (t), and, in any order, its first match (f, a): from a
 * constant table, like every identifier in report SQL.
 */
const STEP_IDENTIFIERS: ReadonlyMap<string, string> = new Map(
  ["c", "q", "t", "f", "a"].flatMap((prefix) => Array.from({ length: MAX_STEPS }, (_, i) => [`${prefix}${i + 1}`, `${prefix}${i + 1}`] as const)),
);
const nth = (prefix: "c" | "q" | "t" | "f" | "a", k: number) => fromTable(STEP_IDENTIFIERS, `${prefix}${k}`, "step identifier");

/**
 * The CTEs every funnel statement shares, ending in `journey(person_id, bvalue, t1, reached, at)`: for each person
 * who entered, the last step reached (from 1) and the time of each step reached (null without a clock).
 * - `ev`: the events that can take part, numbered in each person's order (`seq`): time, then upload and place in
 *   the file, so that page journeys without a clock keep their order. Only the funnel's events, except for a strict
 *   funnel, where any event between two steps breaks it. Events after the last window can close are not read.
 * - `c1`…`cN`: one window pass a step over each person's events, in the order `ev` is sorted in, so the events are
 *   sorted once and never joined: c1 finds the entering event (the first step-1 event in the range), after which only
 *   the events from it to the end of its window are kept (`in_window`, a small share of them); ck the earliest
 *   step-k event after step k − 1's within the window (strict: the very next event), which reaches at least as far as
 *   any other choice; in any order, c2 finds the first match of every step after entering at once. c2 also finds the
 *   first exclusion after entering (a step at or after it is not reached) and the entering event's breakdown value.
 */
export function funnelCtes(project: ReportProject, p: FunnelParams, b: DayRange): Sql {
  const n = p.steps.length;
  // Which steps an event matches, as the bits of an integer (step k is bit k − 1): one small value a row, where an
  // array of booleans would be a separate allocation for each of millions of rows.
  const stepBits = join(
    p.steps.map((s, i) => sql`(case when e.name = ${s.event} ${filterConditions(s.where)} then ${2 ** i}::int else 0 end)`),
    " | ",
  );
  const has = (k: number) => sql`(s & ${2 ** (k - 1)}::int) <> 0`;
  const exclusion = p.exclude.length ? sql`e.name in (${join(p.exclude)})` : sql`false`;
  const names = [...new Set([...p.steps.map((s) => s.event), ...p.exclude])];
  const onlyFunnelEvents = p.order === "strict" ? empty : sql`and e.name in (${join(names)})`;
  const usesPerson = p.breakdown?.scope === "person" || [...p.where, ...p.steps.flatMap((s) => s.where)].some((f) => f.scope === "person");
  const bvalue = p.breakdown ? sql`coalesce(${propertyExpression(p.breakdown.scope, p.breakdown.property)}, '(none)')` : sql`null::text`;
  const windowEnd = sql`(${b.readBefore}::timestamptz + ${p.window.minutes} * interval '1 minute')`;
  const within = sql`(at is null or t1 is null or at <= t1 + ${p.window.minutes} * interval '1 minute')`;
  const entering = sql`${has(1)} and (at is null or at < ${b.readBefore}::timestamptz)`;
  const q = (k: number) => nth("q", k);
  const t = (k: number) => nth("t", k);
  /** A level: the one before with the given columns added, each an aggregate over the person's events. */
  const level = (k: number, columns: Sql[]) =>
    sql`${nth("c", k)} as (select c.*, ${join(columns, ", ")} from ${k === 1 ? sql`ev` : k === 2 ? sql`in_window` : nth("c", k - 1)} c window w as (partition by person_id collate "C"))`;
  /** Step k's earliest event after step k − 1's (`next`), within the window: its place and time. */
  const earliest = (k: number, next: Sql) => [
    sql`min(case when ${has(k)} and ${next} and ${within} then seq end) over w as ${q(k)}`,
    sql`min(case when ${has(k)} and ${next} and ${within} then at end) over w as ${t(k)}`,
  ];
  const entered = [sql`max(case when seq = q1 then bvalue end) over w as b1`, sql`min(case when x and seq > q1 then seq end) over w as xq`];

  const levels = [
    level(1, [sql`min(case when ${entering} then seq end) over w as q1`, sql`min(case when ${entering} then at end) over w as t1`]),
    // Only the entering event and those after it within the window can be steps: the passes that follow read these.
    sql`in_window as (select * from c1 where seq >= q1 and ${within})`,
  ];
  let last: Sql;
  if (p.order === "any") {
    // Step k is reached once steps 2…k have each happened: at the latest of their first matches.
    // c2 holds each step's first match after entering (q2…qN, t2…tN); fk and ak, where step k is reached.
    levels.push(level(2, [...entered, ...p.steps.slice(1).flatMap((_, i) => earliest(i + 2, sql`seq > q1`))]));
    const reached: Sql[] = [];
    for (let k = 2; k <= n; k++) {
      const ks = Array.from({ length: k - 1 }, (_, i) => i + 2);
      const all = join(ks.map((i) => sql`${q(i)} is not null`), " and ");
      reached.push(sql`case when ${all} then greatest(${join(ks.map(q), ", ")}) end as ${nth("f", k)}`);
      reached.push(sql`case when ${all} then greatest(t1, ${join(ks.map(t), ", ")}) end as ${nth("a", k)}`);
    }
    levels.push(sql`steps_reached as (select c.person_id, c.seq, c.q1, c.t1, c.b1, c.xq, ${join(reached, ", ")} from c2 c)`);
    last = sql`steps_reached`;
  } else {
    for (let k = 2; k <= n; k++) {
      const next = p.order === "strict" ? sql`seq = ${q(k - 1)} + 1` : sql`seq > ${q(k - 1)}`;
      levels.push(level(k, [...(k === 2 ? entered : []), ...earliest(k, next)]));
    }
    last = nth("c", n);
  }
  // In any order the places and times of steps 2…N are f2…fN and a2…aN (the latest of the first matches so far).
  const place = (k: number) => (p.order === "any" ? nth("f", k) : q(k));
  const time = (k: number) => (k === 1 ? sql`t1` : p.order === "any" ? nth("a", k) : t(k));
  // Steps are reached in order (each place is at or after the one before), so the last reached is a count.
  const reachedSteps = join(
    Array.from({ length: n - 1 }, (_, i) => sql`(${place(i + 2)} is not null and (xq is null or xq > ${place(i + 2)}))::int`),
    " + ",
  );

  return sql`ev as (
  select e.person_id, e.occurred_at as at,
    row_number() over (partition by e.person_id collate "C" order by e.occurred_at, e.upload_id, e.position, e.name) as seq,
    ${stepBits} as s,
    ${exclusion} as x,
    ${bvalue} as bvalue
  from events e ${usesPerson ? peopleOfEvents : empty}
  where e.project_id = ${project.id}::uuid
    and (e.occurred_at is null or (e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${windowEnd} and e.occurred_at <= ${b.asOf}::timestamptz))
    ${onlyFunnelEvents}
    ${filterConditions(p.where)}
),
${join(levels, ",\n")},
journey as (
  select person_id, b1 as bvalue, t1, 1 + ${reachedSteps} as reached, array[${join(Array.from({ length: n }, (_, i) => time(i + 1)), ", ")}] as at
  from ${last} where seq = q1
),
top_values as (
  select bvalue from journey group by bvalue order by count(*) desc, bvalue collate "C" limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}
),
tagged as (
  select true as everyone, null::text as grp, j.* from journey j
  ${p.breakdown ? sql`union all select false, case when j.bvalue in (select bvalue from top_values) then j.bvalue else '(other)' end, j.* from journey j` : empty}
)`;
}

/**
 * The report's numbers, one row of JSON lists: people at each step per group; the times between consecutive steps
 * (k = 2…N) and from step 1 to the last (k = N + 1) with their percentiles and bins; and entries per trend period.
 */
export function funnelQuery(project: ReportProject, p: FunnelParams, b: DayRange): Sql {
  const n = p.steps.length;
  const edges = sql`array[${join(DURATION_EDGES.map((e) => sql`${e}::float8`), ", ")}]`;
  return sql`with ${funnelCtes(project, p, b)},
step_counts as (
  select t.everyone, t.grp, k.k, count(*) filter (where t.reached >= k.k)::int as people
  from tagged t cross join generate_series(1, ${n}::int) k(k)
  group by 1, 2, 3
),
durations as (
  select t.everyone, t.grp, k.k,
    extract(epoch from case when k.k <= ${n}::int then t.at[k.k] - t.at[k.k - 1] else t.at[${n}::int] - t.at[1] end)::float8 as secs
  from tagged t cross join generate_series(2, ${n + 1}::int) k(k)
  where t.reached >= least(k.k, ${n}::int)
),
duration_stats as (
  select everyone, grp, k, count(*)::int as people, avg(secs)::float8 as mean,
    percentile_cont(array[0.25, 0.5, 0.75]) within group (order by secs) as quartiles
  from durations where secs is not null group by 1, 2, 3
),
duration_bins as (
  select everyone, grp, k, width_bucket(secs, ${edges}) as bin, count(*)::int as people
  from durations where secs is not null group by 1, 2, 3, 4
),
trend as (
  select everyone, grp, period::date::text as period, entered, converted,
    -- Complete once everyone who entered in it has had the whole window by as_of.
    ((period + ${`1 ${p.trend}`}::interval)::timestamp at time zone ${project.timezone}) + ${p.window.minutes} * interval '1 minute' <= ${b.asOf}::timestamptz as complete
  from (
    select everyone, grp, date_trunc(${p.trend}, t1 at time zone ${project.timezone}) as period,
      count(*)::int as entered, count(*) filter (where reached = ${n}::int)::int as converted
    from tagged where t1 is not null group by 1, 2, 3
  ) t
)
select
  (select coalesce(json_agg(s order by s.everyone desc, s.grp, s.k), '[]') from step_counts s) as steps,
  (select coalesce(json_agg(d order by d.everyone desc, d.grp, d.k), '[]') from duration_stats d) as durations,
  (select coalesce(json_agg(d order by d.everyone desc, d.grp, d.k, d.bin), '[]') from duration_bins d) as bins,
  (select coalesce(json_agg(t order by t.everyone desc, t.grp, t.period), '[]') from trend t) as trend,
  (select count(*)::int from journey where t1 is null) as untimed`;
}

/** Without steps: the events done by the most people in the range, to start a funnel from. */
export function suggestionsQuery(project: ReportProject, b: DayRange): Sql {
  return sql`select e.name as event, count(distinct e.person_id)::int as people
  from events e
  where e.project_id = ${project.id}::uuid
    and (e.occurred_at is null or (e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${b.readBefore}::timestamptz and e.occurred_at <= ${b.asOf}::timestamptz))
  group by e.name order by people desc, e.name limit 12`;
}

/** The people of one step (and group): reached it and went no further, or reached it. */
export function funnelPeopleQuery(project: ReportProject, p: FunnelParams, b: DayRange, s: FunnelPeopleSelection, paging: Paging): Sql {
  const group = s.group === undefined ? sql`t.everyone` : sql`not t.everyone and t.grp = ${s.group}`;
  const reached = s.show === "dropped" ? sql`t.reached = ${s.at_step}::int` : sql`t.reached >= ${s.at_step}::int`;
  const attributes = join(PERSON_ATTRIBUTES.map((a) => propertyExpression("person", a)), ", ");
  return sql`with ${funnelCtes(project, p, b)},
selected as (select t.person_id, t.t1, t.reached from tagged t where ${group} and ${reached})
select count(*) over () as total, s.person_id as person, ${attributes},
  to_char(s.t1 at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') as entered_at, s.reached as last_step,
  coalesce(p.properties, '{}'::jsonb) as properties
from selected s
left join people p on p.project_id = ${project.id}::uuid and p.person_id = s.person_id
order by s.person_id
limit ${paging.limit} offset ${paging.offset}`;
}
