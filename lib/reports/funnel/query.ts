import "server-only";
import { empty, join, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import type { ReportProject } from "../definition";
import type { Paging } from "../server-report";
import { filterConditions, peopleOfEvents, propertyExpression } from "../sql/filters";
import { fromTable } from "../sql/identifiers";
import { boundsCte } from "../sql/time-bounds";
import { FUNNEL_DEFAULTS, MAX_STEPS, type FunnelParams } from "./definition";
import type { FunnelPeopleSelection } from "./people";

/** The range, resolved by a first small statement and bound as values, so that the planner sees them. */
export type FunnelBounds = { asOf: string; fromDay: string; toDay: string; readFrom: string; readBefore: string };
export type FunnelBoundsRow = { as_of: Date; from_day: string; to_day: string; read_from: Date; read_before: Date };

export function funnelBoundsQuery(project: ReportProject, p: FunnelParams, now: Date): Sql {
  const tz = project.timezone;
  return sql`select as_of, from_day::text as from_day, to_day::text as to_day,
    from_day::timestamp at time zone ${tz} as read_from, (to_day + 1)::timestamp at time zone ${tz} as read_before
  from (${boundsCte({ ...p, from: p.from ?? FUNNEL_DEFAULTS.from }, tz, now)}) bounds`;
}

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
 * - `c1`…`cN`: one join per step (sequential, strict), each taking the earliest match after the previous step's, which
 *   reaches at least as far as any other choice; `any` takes the first match of each step after step 1 instead.
 * - `xs`: the first exclusion event after entering; a step at or after it is not reached.
 */
export function funnelCtes(project: ReportProject, p: FunnelParams, b: FunnelBounds): Sql {
  const n = p.steps.length;
  // Which steps an event matches, as the bits of an integer (step k is bit k − 1): one small value a row, where an
  // array of booleans would be a separate allocation for each of millions of rows.
  const stepBits = join(
    p.steps.map((s, i) => sql`(case when e.name = ${s.event} ${filterConditions(s.where)} then ${2 ** i}::int else 0 end)`),
    " | ",
  );
  const is = (k: number) => sql`(e.s & ${2 ** (k - 1)}::int) <> 0`;
  const exclusion = p.exclude.length ? sql`e.name in (${join(p.exclude)})` : sql`false`;
  const names = [...new Set([...p.steps.map((s) => s.event), ...p.exclude])];
  const onlyFunnelEvents = p.order === "strict" ? empty : sql`and e.name in (${join(names)})`;
  const usesPerson = p.breakdown?.scope === "person" || [...p.where, ...p.steps.flatMap((s) => s.where)].some((f) => f.scope === "person");
  const bvalue = p.breakdown ? sql`coalesce(${propertyExpression(p.breakdown.scope, p.breakdown.property)}, '(none)')` : sql`null::text`;
  const windowEnd = sql`(${b.readBefore}::timestamptz + ${p.window.minutes} * interval '1 minute')`;
  const within = (entryAt: Sql) => sql`(e.at is null or ${entryAt} is null or e.at <= ${entryAt} + ${p.window.minutes} * interval '1 minute')`;

  const chain: Sql[] = [sql`c1 as (select person_id, bvalue, q as q1, t as t1 from entry)`];
  if (p.order === "any") {
    const firsts = join(
      p.steps.slice(1).map((_, i) => sql`min(e.seq) filter (where ${is(i + 2)}) as ${nth("f", i + 2)}, min(e.at) filter (where ${is(i + 2)}) as ${nth("a", i + 2)}`),
      ", ",
    );
    // Step k is reached once steps 2…k have each happened: at the latest of their first matches.
    chain.push(sql`firsts as (
  select c.person_id, ${firsts}
  from entry c join ev e on e.person_id = c.person_id and e.seq > c.q and ${within(sql`c.t`)}
  group by c.person_id
)`);
    const qs: Sql[] = [];
    const ts: Sql[] = [];
    for (let k = 2; k <= n; k++) {
      const fs = Array.from({ length: k - 1 }, (_, i) => nth("f", i + 2));
      const as = Array.from({ length: k - 1 }, (_, i) => nth("a", i + 2));
      const all = join(fs.map((f) => sql`${f} is not null`), " and ");
      qs.push(sql`case when ${all} then greatest(${join(fs, ", ")}) end as ${nth("q", k)}`);
      ts.push(sql`case when ${all} then greatest(c.t, ${join(as, ", ")}) end as ${nth("t", k)}`);
    }
    chain.push(sql`${nth("c", n)} as (
  select c.person_id, c.bvalue, c.q as q1, c.t as t1, ${join(qs, ", ")}, ${join(ts, ", ")}
  from entry c left join firsts f on f.person_id = c.person_id
)`);
  } else {
    for (let k = 2; k <= n; k++) {
      const next = p.order === "strict" ? sql`e.seq = c.${nth("q", k - 1)} + 1` : sql`e.seq > c.${nth("q", k - 1)}`;
      chain.push(sql`${nth("c", k)} as (
  select distinct on (c.person_id) c.*, e.seq as ${nth("q", k)}, e.at as ${nth("t", k)}
  from ${nth("c", k - 1)} c left join ev e on e.person_id = c.person_id and ${is(k)} and ${next} and ${within(sql`c.t1`)}
  order by c.person_id, e.seq
)`);
    }
  }

  // Steps are reached in order (each q is at or after the one before), so the last reached is a count.
  const reachedSteps = join(
    Array.from({ length: n - 1 }, (_, i) => sql`(c.${nth("q", i + 2)} is not null and (x.xq is null or x.xq > c.${nth("q", i + 2)}))::int`),
    " + ",
  );
  const times = join(Array.from({ length: n }, (_, i) => sql`c.${nth("t", i + 1)}`), ", ");

  return sql`ev as (
  select e.person_id, e.occurred_at as at,
    row_number() over (partition by e.person_id order by e.occurred_at, e.upload_id, e.position, e.name) as seq,
    ${stepBits} as s,
    ${exclusion} as x,
    ${bvalue} as bvalue
  from events e ${usesPerson ? peopleOfEvents : empty}
  where e.project_id = ${project.id}::uuid
    and (e.occurred_at is null or (e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${windowEnd} and e.occurred_at <= ${b.asOf}::timestamptz))
    ${onlyFunnelEvents}
    ${filterConditions(p.where)}
),
entry as (
  select distinct on (person_id) person_id, seq as q, at as t, bvalue from ev
  where (s & 1) <> 0 and (at is null or at < ${b.readBefore}::timestamptz)
  order by person_id, seq
),
${join(chain, ",\n")},
xs as (
  select c.person_id, min(e.seq) as xq from entry c join ev e on e.person_id = c.person_id and e.x and e.seq > c.q group by c.person_id
),
journey as (
  select c.person_id, c.bvalue, c.t1, 1 + ${reachedSteps} as reached, array[${times}] as at
  from ${nth("c", n)} c left join xs x on x.person_id = c.person_id
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
export function funnelQuery(project: ReportProject, p: FunnelParams, b: FunnelBounds): Sql {
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
export function suggestionsQuery(project: ReportProject, b: FunnelBounds): Sql {
  return sql`select e.name as event, count(distinct e.person_id)::int as people
  from events e
  where e.project_id = ${project.id}::uuid
    and (e.occurred_at is null or (e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${b.readBefore}::timestamptz and e.occurred_at <= ${b.asOf}::timestamptz))
  group by e.name order by people desc, e.name limit 12`;
}

/** The people of one step (and group): reached it and went no further, or reached it. */
export function funnelPeopleQuery(project: ReportProject, p: FunnelParams, b: FunnelBounds, s: FunnelPeopleSelection, paging: Paging): Sql {
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
