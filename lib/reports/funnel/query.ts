import "server-only";
import { empty, join, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import type { ReportProject } from "../definition";
import type { Paging } from "../server-report";
import { filterConditions, inScope, peopleOfEvents, peopleOfProjectEvents, propertyExpression } from "../sql/filters";
import type { PropertyFilter } from "../filters";
import { fromTable, projectEvents } from "../sql/identifiers";
import { eventsBefore } from "../rollups/event-sequences";
import { once } from "../sql/once";
import { inDayRange, type DayRange } from "../sql/time-bounds";
import { MAX_STEPS, type FunnelParams } from "./definition";
import type { FunnelPeopleSelection } from "./people";

/** Lower edges of the time-to-convert bins, in seconds: 1, 5 and 15 minutes, 1, 3 and 12 hours, 1, 3, 7, 14 and 30 days. */
export const DURATION_EDGES = [0, 60, 300, 900, 3600, 10800, 43200, 86400, 259200, 604800, 1209600, 2592000] as const;

/**
 * The names of step k's CTE (c), its event's key (k) or place (q), and its time (t): from a constant table, like every
 * identifier in report SQL.
 */
const STEP_IDENTIFIERS: ReadonlyMap<string, string> = new Map(
  ["c", "k", "q", "t"].flatMap((prefix) => Array.from({ length: MAX_STEPS }, (_, i) => [`${prefix}${i + 1}`, `${prefix}${i + 1}`] as const)),
);
const nth = (prefix: "c" | "k" | "q" | "t", k: number) => fromTable(STEP_IDENTIFIERS, `${prefix}${k}`, "step identifier");

/**
 * The CTEs every funnel statement shares, ending in `journey(person_id, bvalue, t1, reached, at)`: for each person
 * who entered, the last step reached (from 1) and the time of each step reached (null without a clock).
 * Events are ordered by time, then upload and place in the file, so that page journeys without a clock keep their
 * order (untimed events come after timed ones). Entry is a person's first step-1 event in the range.
 */
export function funnelCtes(project: ReportProject, p: FunnelParams, b: DayRange, path: FunnelPath = funnelPath(p)): Sql {
  const ctes = path === "strict" ? strictJourneys(project, p, b) : path === "sequences" ? sequenceJourneys(project, p, b) : steppedJourneys(project, p, b);
  // Each journey once, with its group: the breakdown value, or "(other)" past the shown ones; null without a
  // breakdown. The statistics count everyone and each group in one pass, as grouping sets.
  return sql`${ctes},
top_values as (
  select bvalue from journey group by bvalue order by count(*) desc, bvalue collate "C" limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}
),
grouped as (
  select j.*, ${p.breakdown ? sql`case when j.bvalue in (select bvalue from top_values) then j.bvalue else '(other)' end` : sql`null::text`} as grp from journey j
)`;
}

/**
 * How a funnel is worked out: from each person's sequence (the rollup, lib/reports/rollups/event-sequences.ts) when it
 * holds everything the funnel asks about, which is any funnel but a strict one and those reading event properties
 * (filters or an event breakdown: the rollup keeps names and times only); otherwise one step at a time from the events
 * (`steps`), or strict funnels' window passes (`strict`). Each gives the same numbers (funnel-report.test.ts runs the
 * fixtures through both).
 */
export type FunnelPath = "sequences" | "steps" | "strict";
export function funnelPath(p: FunnelParams): FunnelPath {
  if (p.order === "strict") return "strict";
  const eventFilters = [...p.where, ...p.steps.flatMap((s) => s.where)].some((f) => f.scope === "event");
  return eventFilters || p.breakdown?.scope === "event" ? "steps" : "sequences";
}

/** What every shape of funnel reads the same way: the breakdown value, the window and the filters' people. */
function funnelParts(p: FunnelParams, b: DayRange) {
  const usesPerson = p.breakdown?.scope === "person" || [...p.where, ...p.steps.flatMap((s) => s.where)].some((f) => f.scope === "person");
  return {
    usesPerson,
    people: usesPerson ? peopleOfEvents : empty,
    bvalue: p.breakdown ? sql`coalesce(${propertyExpression(p.breakdown.scope, p.breakdown.property)}, '(none)')` : sql`null::text`,
    windowEnd: sql`(${b.readBefore}::timestamptz + ${p.window.minutes} * interval '1 minute')`,
    /** An event at `at` is within the window of an entry at `t1` (events without a clock always are). */
    within: (at: Sql, t1: Sql) => sql`(${at} is null or ${t1} is null or ${at} <= ${t1} + ${p.window.minutes} * interval '1 minute')`,
  };
}

/**
 * An event's place in its person's order: its time (infinity without a clock, so untimed events come after timed
 * ones), then its place in the files, `upload × 2³³ + position + 2³¹` (an upload's events before a later upload's,
 * then file order; a missing upload or position sorts last, as a null does in an array). Upload ids are a sequence
 * far below 2³⁰; the product errs out rather than wraps if one ever is not.
 */
const fileOrder = (e: Sql) => sql`(coalesce(${e}.upload_id, 1073741823) * 8589934592 + coalesce(${e}.position::int8 + 2147483648, 4294967296))`;
const timeOrder = (at: Sql) => sql`coalesce(${at}, 'infinity'::timestamptz)`;
/**
 * The same place as one value for `min()`, which has no two-part form: an int8 array [epoch ms, or the greatest int8
 * without a clock; file order]. Times are stored to the millisecond, so the epoch in ms is exact.
 */
const placeKey = (e: Sql) => sql`array[coalesce((date_part('epoch', ${e}.at) * 1000)::int8, 9223372036854775807), ${fileOrder(e)}]`;

/**
 * Sequential and any-order funnels, one step at a time: step k's earliest event after the one before (in any
 * order: after entering), within the window, found by joining the people who reached step k − 1 to that step's
 * events. Each step reads only its own event's rows, which the index on (name, occurred_at) holds with the person and
 * the place in the file, so no row of the table is read and nothing is sorted (docs/performance.md, "Funnels").
 * Each step's rows are grouped by person alone (with the entry time the window needs), not by every column carried
 * from the steps before, and hold only the people who reached it; `journey` joins the steps back by person.
 * The earliest event is the least place (`placeKey`), built only for the rows that pass a step's join; its time is the
 * least time.
 */
function steppedJourneys(project: ReportProject, p: FunnelParams, b: DayRange): Sql {
  const n = p.steps.length;
  const { bvalue, windowEnd, within } = funnelParts(p, b);
  const table = projectEvents(project.id);
  // A person's properties are the same on each of their events, and only people who entered go on: the person
  // filters of `where` and a person breakdown are read at step 1 alone.
  const people = peopleOfProjectEvents(project.id);
  const eventWhere = filterConditions(inScope(p.where, "event"));
  /**
   * Events with the given condition in the range, with their time and place in the file. Timed and untimed events are
   * read apart, so that each part is one range of the index.
   */
  const events = (matches: Sql, before: Sql, extra: { columns?: Sql; person?: PropertyFilter[]; people?: boolean } = {}) => {
    const person = extra.person ?? [];
    const join = extra.people || person.length ? people : empty;
    const select = sql`select e.person_id, e.occurred_at as at, e.upload_id, e.position ${extra.columns ?? empty} from ${table} e ${join} where ${matches} ${eventWhere} ${filterConditions(person)}`;
    return sql`(${select} and e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${before} and e.occurred_at <= ${b.asOf}::timestamptz
      union all ${select} and e.occurred_at is null)`;
  };
  const stepEvents = (k: number, columns?: Sql) => {
    const step = p.steps[k - 1]!;
    const own = sql`e.name = ${step.event} ${filterConditions(inScope(step.where, "event"))}`;
    const person = [...inScope(step.where, "person"), ...(k === 1 ? inScope(p.where, "person") : [])];
    return events(own, k === 1 ? sql`${b.readBefore}::timestamptz` : windowEnd, { columns, person, people: k === 1 && p.breakdown?.scope === "person" });
  };
  const k = (i: number) => nth("k", i);
  const t = (i: number) => nth("t", i);
  /**
   * Event e comes after step i's event of the person in row s. The times decide but for events at the same moment,
   * so the file order is worked out only for those: most of a step's million rows are compared as two timestamps.
   */
  const after = (i: number) => {
    const [at, stepAt] = [timeOrder(sql`e.at`), timeOrder(sql`s.${t(i)}`)];
    return sql`(${at} > ${stepAt} or (${at} = ${stepAt} and ${fileOrder(sql`e`)} > s.${k(i)}[2]))`;
  };

  // Entering: the least place of a step-1 event. The entering event's own property needs its row, so an event
  // breakdown sorts; otherwise the least place and time are aggregates.
  const entering =
    p.breakdown?.scope === "event"
      ? sql`select distinct on (person_id) person_id, bvalue, ${placeKey(sql`e`)} as k1, at as t1 from ${stepEvents(1, sql`, ${bvalue} as bvalue`)} e
  order by person_id, ${timeOrder(sql`at`)}, ${fileOrder(sql`e`)}`
      : sql`select person_id, min(bvalue) as bvalue, min(${placeKey(sql`e`)}) as k1, min(at) as t1 from ${stepEvents(1, sql`, ${bvalue} as bvalue`)} e group by person_id`;
  const levels: Sql[] = [sql`${nth("c", 1)} as (${entering})`];
  for (let i = 2; i <= n; i++) {
    // In order, after step i − 1's event, among the people who reached it; in any order, after entering.
    const from = p.order === "any" ? 1 : i - 1;
    levels.push(sql`${nth("c", i)} as (
  select s.person_id, s.t1, min(${placeKey(sql`e`)}) as ${k(i)}, min(e.at) as ${t(i)}
  from ${nth("c", from)} s join ${stepEvents(i)} e on e.person_id = s.person_id and ${after(from)} and ${within(sql`e.at`, sql`s.t1`)}
  group by s.person_id, s.t1
)`);
  }
  // The first excluded event after entering, within the window: a step at or after it is not reached.
  levels.push(
    p.exclude.length
      ? sql`excluded as (
  select s.person_id, min(${placeKey(sql`e`)}) as xk
  from c1 s join ${events(sql`e.name in (${join(p.exclude)})`, windowEnd)} e on e.person_id = s.person_id and ${after(1)} and ${within(sql`e.at`, sql`s.t1`)}
  group by s.person_id
)`
      : sql`excluded as (select null::text as person_id, null::int8[] as xk where false)`,
  );
  // Where step i is reached, and when: in order, its own event; in any order, once steps 2…i have all happened,
  // at the latest of their first events. In order, a step's level holds only people who reached the step before, so
  // whoever is missing from one level is missing from the later ones; in any order, each level holds who did that
  // step after entering.
  const steps = Array.from({ length: n - 1 }, (_, j) => j + 2);
  const place = (i: number) => {
    if (p.order !== "any") return k(i);
    const ks = steps.slice(0, i - 1);
    return sql`case when ${join(ks.map((j) => sql`${k(j)} is not null`), " and ")} then greatest(${join(ks.map(k), ", ")}) end`;
  };
  const time = (i: number) => {
    if (i === 1 || p.order !== "any") return sql`${nth("c", i)}.${t(i)}`;
    const ks = steps.slice(0, i - 1);
    return sql`case when ${join(ks.map((j) => sql`${k(j)} is not null`), " and ")} then greatest(c1.t1, ${join(ks.map(t), ", ")}) end`;
  };
  const reached = join(steps.map((i) => sql`(${place(i)} is not null and (xk is null or xk > ${place(i)}))::int`), " + ");
  const reachedLevels = join(steps.map((i) => sql`left join ${nth("c", i)} using (person_id)`), " ");
  return sql`${join(levels, ",\n")},
journey as (
  select c1.person_id, c1.bvalue, c1.t1, 1 + ${reached} as reached, array[${join(Array.from({ length: n }, (_, j) => time(j + 1)), ", ")}] as at
  from c1 ${reachedLevels} left join excluded x using (person_id)
)`;
}

/**
 * Sequential and any-order funnels from each person's sequence: one row a person with their event names and times in
 * order (`names`, `ats`; a time of infinity is an event without a clock, which comes after every timed one), so each
 * step is the next position of its name in that row, found in place by `array_position(names, step, after)`: no join,
 * no grouping, no sort. Positions stand for the events' order (time, upload, place in the file), so comparing two
 * is comparing the events' places.
 * - Entering: the first step-1 event at or after the range's first moment (`width_bucket` counts the person's events
 *   before it, a binary search of the sorted times), if it is before the range's end and as_of; otherwise the first
 *   step-1 event without a clock (positions from `firstUntimed` on), as the events path reads untimed events in every
 *   range. People with no event at or after the range's start are skipped before any name is compared.
 * - Step k: the next step-k event after step k − 1's (in any order: after entering) if it is within the window and
 *   as_of, or has no clock; a timed one past them means no later timed one is within either, so the only candidates
 *   left are the events without a clock.
 * - Excluded: the first exclusion event after entering, found the same way; a step at or after it is not reached.
 * People are read from the people table only for person filters and a person breakdown, and only for those who entered.
 * A person's journey depends on their own row alone, so filtering entrants by their properties after working out every
 * step gives what filtering them first would.
 */
function sequenceJourneys(project: ReportProject, p: FunnelParams, b: DayRange): Sql {
  const n = p.steps.length;
  const { bvalue, usesPerson } = funnelParts(p, b);
  const asOf = sql`${b.asOf}::timestamptz`;
  const infinity = sql`'infinity'::timestamptz`;
  const firstUntimed = sql`coalesce(array_position(l.ats, ${infinity}), cardinality(l.ats) + 1)`;
  /** The index of the first `name` event after `after` that is within the window of entry and as_of, or has no clock. */
  const resolve = (name: string, raw: Sql, after: Sql) =>
    sql`case when ${raw} is null or l.ats[${raw}] = ${infinity} or (l.ats[${raw}] <= ${asOf} and l.ats[${raw}] <= l.t1 + ${p.window.minutes} * interval '1 minute') then ${raw}
      else array_position(l.names, ${name}, greatest(${after} + 1, ${firstUntimed})) end`;
  const i = (k: number) => nth("k", k);
  const q = (k: number) => nth("q", k);
  const x = (j: number) => nth("c", j);
  const personWhere = [...inScope(p.where, "person"), ...inScope(p.steps[0]!.where, "person")];
  const stepOne = p.steps[0]!.event;
  /**
   * Level k works out step k's event from the candidate below it (`q<k>`) and, from that, the candidates of the
   * steps that follow from it: in order, step k + 1's; at entering, in any order, every later step's and the
   * exclusions'. Each level is a subquery of its own that the planner must not merge into the one above, or the levels
   * above would repeat its expressions instead of reading its columns; within a level, a step's check is cheap enough
   * to write twice (`once` keeps it apart).
   */
  const candidate = (k: number, after: Sql) => {
    const own = inScope(p.steps[k - 1]!.where, "person");
    const personOk = own.length
      ? sql`and exists (select 1 from people p where p.project_id = ${project.id}::uuid and p.person_id = l.person_id ${filterConditions(own)})`
      : empty;
    return sql`case when ${after} is not null ${personOk} then array_position(l.names, ${p.steps[k - 1]!.event}, ${after} + 1) end`;
  };
  const entered = sql`case when l.ats[l.${q(1)}] < ${b.readBefore}::timestamptz and l.ats[l.${q(1)}] <= ${asOf} then l.${q(1)}
        else array_position(l.names, ${stepOne}, ${firstUntimed}) end`;
  const later = p.order === "any" ? Array.from({ length: n - 1 }, (_, j) => j + 2) : n > 1 ? [2] : [];
  let level = sql`(
    select l.*, ${once(entered)} as ${i(1)}, l.ats[${entered}] as t1
      ${join([empty, ...later.map((k) => sql`${candidate(k, entered)} as ${q(k)}`)], ", ")}
      ${join([empty, ...p.exclude.map((name, j) => sql`case when ${entered} is not null then array_position(l.names, ${name}, ${entered} + 1) end as ${x(j + 1)}`)], ", ")}
    from (
      -- A long sequence is stored compressed, and each function reading it would decompress it again: the people
      -- who have events in the range get a copy (an empty array appended), decompressed once for every read above.
      select s.person_id, s.names || '{}'::text[] as names, s.ats || '{}'::timestamptz[] as ats, ${once(sql`array_position(s.names, ${stepOne}, s.f + 1)`)} as ${q(1)}
      from (
        select person_id, names, ats, ${eventsBefore(sql`${b.readFrom}::timestamptz`, sql`ats`)} as f
        from event_sequences where project_id = ${project.id}::uuid
      ) s
      where s.f < cardinality(s.ats)
    ) l
    where ${entered} is not null
  ) l`;
  for (let k = 2; k <= n; k++) {
    const step = p.steps[k - 1]!;
    const after = p.order === "any" ? sql`l.${i(1)}` : sql`l.${i(k - 1)}`;
    const own = resolve(step.event, sql`l.${q(k)}`, after);
    const next = p.order !== "any" && k < n ? sql`, ${candidate(k + 1, own)} as ${q(k + 1)}` : empty;
    // The first exclusion event after entering, as the first of each name's.
    const exclusion =
      k !== 2 ? empty : p.exclude.length ? sql`, least(${join(p.exclude.map((name, j) => resolve(name, sql`l.${x(j + 1)}`, sql`l.${i(1)}`)), ", ")}) as xk` : sql`, null::int as xk`;
    level = sql`(select l.*, ${once(own)} as ${i(k)} ${next} ${exclusion} from ${level}) l`;
  }
  // Where step k is reached, and when: in order, its own event; in any order, once steps 2…k have all happened, at the
  // latest of their events.
  const steps = Array.from({ length: n - 1 }, (_, j) => j + 2);
  const place = (k: number) => {
    if (p.order !== "any") return sql`l.${i(k)}`;
    const ks = steps.slice(0, k - 1);
    return sql`case when ${join(ks.map((j) => sql`l.${i(j)} is not null`), " and ")} then greatest(${join(ks.map((j) => sql`l.${i(j)}`), ", ")}) end`;
  };
  const timed = (index: Sql) => sql`nullif(l.ats[${index}], ${infinity})`;
  // In any order, the latest time among the steps' events that have one, as the events path reads it.
  const time = (k: number) => {
    if (k === 1 || p.order !== "any") return timed(k === 1 ? sql`l.${i(1)}` : place(k));
    const ks = steps.slice(0, k - 1);
    return sql`case when ${place(k)} is not null then greatest(${join([1, ...ks].map((j) => timed(sql`l.${i(j)}`)), ", ")}) end`;
  };
  const reached = join(steps.map((k) => sql`(${place(k)} is not null and (l.xk is null or l.xk > ${place(k)}))::int`), " + ");
  // The people table last, on narrow rows: a person's properties decide only whether they count (the filters of
  // `where` and of step 1 are the entrants') and their breakdown value.
  return sql`journey as (
  select l.person_id, ${bvalue} as bvalue, l.t1, l.reached, l.at
  from (
    select l.person_id, nullif(l.t1, ${infinity}) as t1, ${once(sql`1 + ${reached}`)} as reached, array[${join(Array.from({ length: n }, (_, j) => time(j + 1)), ", ")}] as at
    from ${level}
  ) l
  ${usesPerson ? sql`left join people p on p.project_id = ${project.id}::uuid and p.person_id = l.person_id` : empty}
  where true ${filterConditions(personWhere)}
)`;
}

/**
 * Strict funnels, where any event between two steps breaks the funnel, as window passes over each person's events:
 * - `ev`: every event in the range (not only the funnel's: any other one between two steps breaks it), numbered in
 *   each person's order (`seq`): time, then upload and place in the file. Events after the last window can close are
 *   not read.
 * - `c1`…`cN`: one window pass a step over each person's events, in the order `ev` is sorted in, so the events are
 *   sorted once and never joined: c1 finds the entering event (the first step-1 event in the range), after which only
 *   the events from it to the end of its window are kept (`in_window`, a small share of them); ck the step-k event
 *   right after step k − 1's, within the window. c2 also finds the first exclusion after entering (a step at or after
 *   it is not reached) and the entering event's breakdown value.
 */
function strictJourneys(project: ReportProject, p: FunnelParams, b: DayRange): Sql {
  const n = p.steps.length;
  const { people, bvalue, windowEnd, within: withinOf } = funnelParts(p, b);
  // Which steps an event matches, as the bits of an integer (step k is bit k − 1): one small value a row, where an
  // array of booleans would be a separate allocation for each of millions of rows.
  const stepBits = join(
    p.steps.map((s, i) => sql`(case when e.name = ${s.event} ${filterConditions(s.where)} then ${2 ** i}::int else 0 end)`),
    " | ",
  );
  const has = (k: number) => sql`(s & ${2 ** (k - 1)}::int) <> 0`;
  const exclusion = p.exclude.length ? sql`e.name in (${join(p.exclude)})` : sql`false`;
  const within = withinOf(sql`at`, sql`t1`);
  const entering = sql`${has(1)} and (at is null or at < ${b.readBefore}::timestamptz)`;
  const q = (k: number) => nth("q", k);
  const t = (k: number) => nth("t", k);
  /** A level: the one before with the given columns added, each an aggregate over the person's events. */
  const level = (k: number, columns: Sql[]) =>
    sql`${nth("c", k)} as (select c.*, ${join(columns, ", ")} from ${k === 1 ? sql`ev` : k === 2 ? sql`in_window` : nth("c", k - 1)} c window w as (partition by person_id))`;
  const levels = [
    level(1, [sql`min(case when ${entering} then seq end) over w as q1`, sql`min(case when ${entering} then at end) over w as t1`]),
    // Only the entering event and those after it within the window can be steps: the passes that follow read these.
    sql`in_window as (select * from c1 where seq >= q1 and ${within})`,
  ];
  for (let k = 2; k <= n; k++) {
    const next = sql`${has(k)} and seq = ${q(k - 1)} + 1 and ${within}`;
    levels.push(
      level(k, [
        ...(k === 2 ? [sql`max(case when seq = q1 then bvalue end) over w as b1`, sql`min(case when x and seq > q1 then seq end) over w as xq`] : []),
        sql`min(case when ${next} then seq end) over w as ${q(k)}`,
        sql`min(case when ${next} then at end) over w as ${t(k)}`,
      ]),
    );
  }
  // Steps are reached in order (each place is after the one before), so the last reached is a count.
  const reached = join(
    Array.from({ length: n - 1 }, (_, i) => sql`(${q(i + 2)} is not null and (xq is null or xq > ${q(i + 2)}))::int`),
    " + ",
  );
  return sql`ev as (
  select e.person_id, e.occurred_at as at,
    row_number() over (partition by e.person_id order by e.occurred_at, e.upload_id, e.position, e.name) as seq,
    ${stepBits} as s,
    ${exclusion} as x,
    ${bvalue} as bvalue
  from events e ${people}
  where e.project_id = ${project.id}::uuid
    and (e.occurred_at is null or (e.occurred_at >= ${b.readFrom}::timestamptz and e.occurred_at < ${windowEnd} and e.occurred_at <= ${b.asOf}::timestamptz))
    ${filterConditions(p.where)}
),
${join(levels, ",\n")},
journey as (
  select person_id, b1 as bvalue, t1, 1 + ${reached} as reached, array[${join(Array.from({ length: n }, (_, i) => t(i + 1)), ", ")}] as at
  from ${nth("c", n)} where seq = q1
)`;
}

/**
 * The report's numbers, one row of JSON lists: people at each step per group; the times between consecutive steps
 * (k = 2…N) and from step 1 to the last (k = N + 1) with their percentiles and bins; and entries per trend period.
 */
export function funnelQuery(project: ReportProject, p: FunnelParams, b: DayRange): Sql {
  const n = p.steps.length;
  const edges = sql`array[${join(DURATION_EDGES.map((e) => sql`${e}::float8`), ", ")}]`;
  /**
   * Everyone and, with a breakdown, each group besides, by the given keys as well. A group's value is never null, so
   * a null grp is everyone (without a breakdown grp is null on every row: one group).
   */
  const sets = (...keys: Sql[]) => {
    const by = join([sql`grp`, ...keys], ", ");
    return p.breakdown ? sql`grouping sets ((${keys.length ? join(keys, ", ") : empty}), (${by}))` : by;
  };
  return sql`with ${funnelCtes(project, p, b)},
step_counts as (
  -- One pass over the journeys counting every step at once, then a row a step.
  select c.grp is null as everyone, c.grp, k.k::int as k, k.people
  from (
    select grp, array[${join(Array.from({ length: n }, (_, i) => sql`count(*) filter (where reached >= ${i + 1}::int)::int`), ", ")}] as counts
    from grouped group by ${sets()}
  ) c cross join unnest(c.counts) with ordinality k(people, k)
),
durations as (
  -- Between consecutive steps (k = 2…reached) and, for who converted, from step 1 to the last (k = N + 1).
  -- Two lists of the same length unnested side by side in the select list: the cheapest way to a row each.
  select grp, k, secs, width_bucket(secs, ${edges}) as bin
  from (
    select g.grp, unnest(array[${join(Array.from({ length: n }, (_, j) => sql`${j + 2}::int`), ", ")}]) as k,
      unnest(array[${join(
        Array.from({ length: n }, (_, j) => {
          const k = j + 2;
          const span = k <= n ? sql`g.at[${k}::int] - g.at[${k - 1}::int]` : sql`g.at[${n}::int] - g.at[1]`;
          return sql`case when g.reached >= ${Math.min(k, n)}::int then extract(epoch from ${span})::float8 end`;
        }),
        ", ",
      )}]) as secs
    from grouped g
    where g.reached >= 2
  ) d
  where secs is not null
),
duration_stats as (
  -- The quartiles and the histogram's bins in one pass: one sort of the times for each grouping set.
  select grp is null as everyone, grp, k, count(*)::int as people, avg(secs)::float8 as mean,
    percentile_cont(array[0.25, 0.5, 0.75]) within group (order by secs) as quartiles,
    array[${join(DURATION_EDGES.map((_, i) => sql`count(*) filter (where bin = ${i + 1}::int)::int`), ", ")}] as bins
  from durations group by ${sets(sql`k`)}
),
trend as (
  select everyone, grp, period::date::text as period, entered, converted,
    -- Complete once everyone who entered in it has had the whole window by as_of, the last moment read (a day's last
    -- millisecond): the windows of the period's last entries end at most a millisecond after it.
    ((period + ${`1 ${p.trend}`}::interval)::timestamp at time zone ${project.timezone}) + ${p.window.minutes} * interval '1 minute' <= ${b.asOf}::timestamptz + interval '1 millisecond' as complete
  from (
    select grp is null as everyone, grp, period, count(*)::int as entered, count(*) filter (where reached = ${n}::int)::int as converted
    from (select grp, reached, date_trunc(${p.trend}, t1 at time zone ${project.timezone}) as period from grouped where t1 is not null) t
    group by ${sets(sql`period`)}
  ) t
)
select
  (select coalesce(json_agg(s order by s.everyone desc, s.grp, s.k), '[]') from step_counts s) as steps,
  (select coalesce(json_agg(json_build_object('everyone', d.everyone, 'grp', d.grp, 'k', d.k, 'people', d.people, 'mean', d.mean, 'quartiles', d.quartiles) order by d.everyone desc, d.grp, d.k), '[]')
   from duration_stats d) as durations,
  (select coalesce(json_agg(json_build_object('everyone', d.everyone, 'grp', d.grp, 'k', d.k, 'bin', b.bin, 'people', b.people) order by d.everyone desc, d.grp, d.k, b.bin), '[]')
   from duration_stats d cross join unnest(d.bins) with ordinality b(people, bin) where b.people > 0) as bins,
  (select coalesce(json_agg(t order by t.everyone desc, t.grp, t.period), '[]') from trend t) as trend,
  (select count(*)::int from journey where t1 is null) as untimed`;
}

/** Without steps: the events done by the most people in the range, to start a funnel from. */
export function suggestionsQuery(project: ReportProject, b: DayRange): Sql {
  return sql`select e.name as event, count(distinct e.person_id)::int as people
  from events e
  where e.project_id = ${project.id}::uuid
    and ${inDayRange(sql`e.occurred_at`, b)}
  group by e.name order by people desc, e.name limit 12`;
}

/**
 * The order people do the given events in (the most popular few, to suggest a funnel): each person's first of each in
 * the range, by its place (time, then file order, as the funnel reads them), and for each two of them how many people
 * did one first.
 */
export function suggestedOrderQuery(project: ReportProject, b: DayRange, events: string[]): Sql {
  return sql`with firsts as (
  select e.person_id, e.name, min(${placeKey(sql`e`)}) as k
  from (select person_id, name, occurred_at as at, upload_id, position from events
    where project_id = ${project.id}::uuid and name in (${join(events)}) and ${inDayRange(sql`occurred_at`, b)}) e
  group by 1, 2
)
select f.name as event, g.name as other, count(*)::int as people
from firsts f join firsts g on g.person_id = f.person_id and f.k < g.k
group by 1, 2`;
}

/** The people of one step (and group): reached it and went no further, or reached it. */
export function funnelPeopleQuery(project: ReportProject, p: FunnelParams, b: DayRange, s: FunnelPeopleSelection, paging: Paging): Sql {
  const group = s.group === undefined ? sql`true` : sql`t.grp = ${s.group}`;
  const reached = s.show === "dropped" ? sql`t.reached = ${s.at_step}::int` : sql`t.reached >= ${s.at_step}::int`;
  const attributes = join(PERSON_ATTRIBUTES.map((a) => propertyExpression("person", a)), ", ");
  return sql`with ${funnelCtes(project, p, b)},
selected as (select t.person_id, t.t1, t.reached from grouped t where ${group} and ${reached})
select count(*) over () as total, s.person_id as person, ${attributes},
  to_char(s.t1 at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') as entered_at, s.reached as last_step,
  coalesce(p.properties, '{}'::jsonb) as properties
from selected s
left join people p on p.project_id = ${project.id}::uuid and p.person_id = s.person_id
order by s.person_id
limit ${paging.limit} offset ${paging.offset}`;
}
