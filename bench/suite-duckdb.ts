/**
 * The analyst's alternative to each report of the speed suite: DuckDB (@duckdb/node-api, 2 threads, in memory) over
 * the same CSV files, each report written as an analyst would write it, giving the same numbers under the same keys
 * as bench/suite-reports.ts reads from the app.
 *
 * Times: the files are read into tables once (timed apart, as "load"); then each report's first run (cold) and three
 * more (repeated, median). The files hold local wall-clock times of the project's zone: each table keeps them as
 * `lt` for days, weeks and months, and as UTC instants `t` (DuckDB's ICU zones, as PostgreSQL reads them) for windows
 * counted in hours and days and for the order of events, as the app stores them.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { SuiteData } from "./suite-data";
import { FUNNEL_STEPS, GOAL, JOURNEY_PAGE, type Figures, type SuiteBounds, type SuiteReportId } from "./suite-reports";
import { addDays } from "@/lib/reports/periods";

const REPEATS = 3;
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });

/**
 * A funnel as an analyst writes it: each person's events numbered in order (time, then place in the file), step 1 the
 * first entry in the range, each later step the earliest match after the step before within the window of entry,
 * one join a step. `local` is the column the day range reads and `instant` the one the window and order read (the same
 * column when the times have no zone); `breakdown` a person table and column to count each step by too.
 */
export function duckFunnelSql(o: {
  steps: string[];
  fromDay: string;
  toDay: string;
  asOfDay: string;
  windowDays: number;
  local: string;
  instant: string;
  breakdown?: { table: string; column: string };
}) {
  const { steps, local, instant } = o;
  const before = `timestamp '${addDays(o.toDay, 1)} 00:00:00'`;
  const chain = steps.slice(1).map((step, i) => {
    const k = i + 2;
    return `c${k} as (
  select c.*, min(e.seq) as q${k}, arg_min(e.t, e.seq) as t${k}
  from c${k - 1} c left join ev e on e.person = c.person and e.name = ${q(step)} and e.seq > c.q${k - 1} and e.t <= c.t1 + interval ${o.windowDays} day
  group by all
)`;
  });
  const reached = steps.map((_, i) => `count(q${i + 1}) as step${i + 1}`).join(", ");
  const b = o.breakdown;
  return `with ev as (
  select person, ${instant} as t, ${local} as local_t, name, row_number() over (partition by person order by ${instant}, rowid) as seq
  from events
  where name in (${steps.map(q).join(", ")})
    and ${local} >= timestamp '${o.fromDay} 00:00:00' and ${local} < ${before} + interval ${o.windowDays + 1} day and ${local} < timestamp '${addDays(o.asOfDay, 1)} 00:00:00'
),
c1 as (
  select ev.person, min(seq) as q1, arg_min(t, seq) as t1${b ? `, any_value(coalesce(p.${b.column}, '(none)')) as bvalue` : ""}
  from ev ${b ? `left join ${b.table} p on p.person = ev.person` : ""}
  where name = ${q(steps[0]!)} and local_t < ${before}
  group by ev.person
),
${chain.join(",\n")}
select ${b ? "case when grouping(bvalue) = 1 then null else bvalue end as bvalue, " : ""}${reached} from c${steps.length}${b ? " group by grouping sets ((), (bvalue))" : ""}`;
}

/** Reads the suite's files into tables; returns the seconds it took. */
async function load(c: DuckDBConnection, data: SuiteData, timezone: string) {
  const started = performance.now();
  const tz = q(timezone);
  const csv = (file: string) => `read_csv(${q(file)}, header = true, all_varchar = true)`;
  await c.run("set TimeZone = 'UTC'");
  await c.run(`create macro utc(x) as timezone('UTC', timezone(${tz}, x::timestamp))`);
  await c.run(
    `create table events as select person, lt, utc(lt) as t, name, revenue::decimal(18, 2) as revenue
     from (select person, time::timestamp as lt, name, revenue from ${csv(data.events.file)})`,
  );
  await c.run(`create table people as select person, plan from ${csv(data.people.file)}`);
  await c.run(`create table journeys as select user_id as person, user_journey from ${csv(data.journeys.file)}`);
  await c.run(
    `create table sends as select campaign_id, person, holdout = 'yes' as holdout, variant, utc(sent_at) as sent, utc(bounced_at) as bounced_at,
       utc(opened_at) as opened_at, utc(clicked_at) as clicked_at, utc(unsubscribed_at) as unsubscribed_at
     from ${csv(data.sends.file)}`,
  );
  return (performance.now() - started) / 1000;
}

type Rows = Record<string, unknown>[];
type DuckReport = { sql: (b: SuiteBounds, tz: string) => string; figures: (rows: Rows, b: SuiteBounds) => Figures };

const num = (v: unknown) => Number(v);
const next = (day: string) => `timestamp '${addDays(day, 1)} 00:00:00'`;

function retention(grain: "month" | "week"): DuckReport {
  return {
    sql(b) {
      const from = grain === "month" ? b.monthFrom : b.weekFrom;
      const k = grain === "month" ? "datediff('month', m.cohort, a.period)" : "datediff('day', m.cohort, a.period) // 7";
      return `with firsts as (select person, min(lt) as first_lt from events where lt < ${next(b.asOfDay)} group by person),
members as (select person, date_trunc('${grain}', first_lt)::date as cohort from firsts where first_lt >= timestamp '${from} 00:00:00'),
active as (select distinct person, date_trunc('${grain}', lt)::date as period from events where lt >= timestamp '${from} 00:00:00' and lt < ${next(b.asOfDay)}),
cells as (select m.cohort, ${k} as k, count(*) as n from members m join active a on a.person = m.person and a.period >= m.cohort group by 1, 2)
select cohort::varchar as cohort, null::int as k, count(*) as n from members group by 1
union all select cohort::varchar, k, n from cells where k < 12`;
    },
    figures(rows) {
      const values: Record<string, number> = {};
      for (const r of rows) values[r.k === null ? `${r.cohort} size` : `${r.cohort} +${r.k}`] = num(r.n);
      const first = [...new Set(rows.map((r) => String(r.cohort)))].sort()[0]!;
      return { headline: `${first} cohort ${fmt(values[`${first} size`] ?? 0)}, ${grain} 1 ${fmt(values[`${first} +1`] ?? 0)}`, values };
    },
  };
}

const REPORTS: Record<SuiteReportId, DuckReport> = {
  "retention-month": retention("month"),
  "retention-week": retention("week"),
  funnel: {
    sql: (b) =>
      duckFunnelSql({
        steps: FUNNEL_STEPS, fromDay: b.funnelFrom, toDay: b.funnelTo, asOfDay: b.asOfDay, windowDays: 7, local: "lt", instant: "t",
        breakdown: { table: "people", column: "plan" },
      }),
    figures(rows) {
      const values: Record<string, number> = {};
      for (const r of rows) FUNNEL_STEPS.forEach((_, i) => (values[`${r.bvalue ?? "everyone"} step ${i + 1}`] = num(r[`step${i + 1}`])));
      return { headline: FUNNEL_STEPS.map((_, i) => fmt(values[`everyone step ${i + 1}`] ?? 0)).join(" → "), values };
    },
  },
  journeys: {
    // A person's sessions in file order, joined; consecutive repeats collapsed; every 3-page run counted once a person.
    sql: () => `with pages as (
  select person, rowid as row_no, unnest(string_split(user_journey, '-')) as page, generate_subscripts(string_split(user_journey, '-'), 1) as pos from journeys
),
ordered as (select person, trim(page) as page, row_number() over (partition by person order by row_no, pos) as o from pages where trim(page) <> ''),
collapsed as (select person, page, o from (select *, lag(page) over (partition by person order by o) as prev from ordered) where prev is distinct from page),
steps as (
  select person, page, row_number() over w as pos, count(*) over (partition by person) as len, lead(page) over w as next_page
  from collapsed window w as (partition by person order by o)
),
runs as (select person, pos, len, list(page) over (partition by person order by pos rows between current row and 2 following) as pages from steps),
sequences as (select pages, count(*) as n from (select distinct person, pages from runs where pos <= len - 2) group by pages)
select 'journeys' as what, null::varchar[] as pages, null as page, count(distinct person) as n from steps
union all select * from (select 'sequence', pages, null, n from sequences order by n desc, pages limit 25)
union all select * from (select 'after', null, coalesce(next_page, '(end)') as page, count(*) as n from steps where page = ${q(JOURNEY_PAGE)} group by 3 order by n desc, page limit 25)`,
    figures(rows) {
      const values: Record<string, number> = { emptied: 0 };
      for (const r of rows) {
        const key = r.what === "journeys" ? "journeys" : r.what === "sequence" ? `sequence ${(r.pages as string[]).join(" > ")}` : `after ${JOURNEY_PAGE}: ${String(r.page)}`;
        values[key] = num(r.n);
      }
      const top = rows.find((r) => r.what === "sequence");
      return { headline: `${fmt(values.journeys ?? 0)} journeys; top ${top ? `${(top.pages as string[]).join(" > ")} ${fmt(num(top.n))}` : "none"}`, values };
    },
  },
  activity: {
    sql: (b) => `with days as (select range::date as day from range(timestamp '${addDays(b.activityFrom, -6)} 00:00:00', ${next(b.asOfDay)}, interval 1 day)),
dau as (select lt::date as day, count(distinct person) as dau from events where lt >= timestamp '${addDays(b.activityFrom, -6)} 00:00:00' and lt < ${next(b.asOfDay)} group by 1),
series as (select d.day, coalesce(dau.dau, 0) as dau, avg(coalesce(dau.dau, 0)) over (order by d.day rows between 6 preceding and current row) as average7 from days d left join dau using (day))
select day::varchar as day, dau, average7 from series where day >= date '${b.activityFrom}' order by day`,
    figures(rows) {
      const values: Record<string, number> = {};
      for (const r of rows) {
        values[`${r.day} DAU`] = num(r.dau);
        values[`${r.day} 7-day average`] = num(r.average7);
      }
      const last = rows.at(-1)!;
      return { headline: `${last.day}: DAU ${fmt(num(last.dau))}, 7-day average ${fmt(num(last.average7))}`, values };
    },
  },
  overview: {
    // Every event up to the end of the as-of day, and each page of the journeys as an event without a clock.
    sql: (b) => `with pages as (
  select person, trim(unnest(string_split(user_journey, '-'))) as name from journeys
),
counted as (
  select person, name, lt from events where lt < ${next(b.asOfDay)}
  union all select person, name, null from pages where name <> ''
),
top as (select name, count(*) as events, count(distinct person) as people from counted group by 1 order by events desc, name limit 20)
select 'total' as what, null as name, count(*) as events, count(distinct person) as people, count(*) filter (where lt is null) as untimed from counted
union all select 'day', lt::date::varchar, count(*), count(distinct person), null from counted where lt is not null group by lt::date
union all select 'top', name, events, people, null from top`,
    figures(rows) {
      const values: Record<string, number> = {};
      for (const r of rows) {
        if (r.what === "total") Object.assign(values, { people: num(r.people), events: num(r.events), untimed: num(r.untimed) });
        else if (r.what === "day") Object.assign(values, { [`${r.name} events`]: num(r.events), [`${r.name} people`]: num(r.people) });
        else Object.assign(values, { [`top ${r.name} events`]: num(r.events), [`top ${r.name} people`]: num(r.people) });
      }
      const top = rows.filter((r) => r.what === "top").sort((a, b) => num(b.events) - num(a.events))[0];
      return { headline: `${fmt(values.people ?? 0)} people, ${fmt(values.events ?? 0)} events; top ${top ? String(top.name) : "none"}`, values };
    },
  },
  campaigns: {
    // Each member from their first send in a campaign; a goal, revenue and any activity within 7 days of it; dormant
    // when their last event before it is more than 30 days before.
    sql: (b, tz) => {
      const asOf = `(timezone('UTC', timezone(${q(tz)}, ${next(b.asOfDay)})) - interval 1 millisecond)`;
      return `with s as (
  select campaign_id, person, holdout, sent, bounced_at <= ${asOf} as bounced, (opened_at <= ${asOf} or clicked_at <= ${asOf}) as opened,
    clicked_at <= ${asOf} as clicked, unsubscribed_at <= ${asOf} as unsubscribed
  from sends where sent <= ${asOf}
),
members as (
  select campaign_id, person, min(sent) as t, first(holdout order by sent, holdout desc) as holdout,
    coalesce(bool_or(bounced), false) as bounced, coalesce(bool_or(opened), false) as opened,
    coalesce(bool_or(clicked), false) as clicked, coalesce(bool_or(unsubscribed), false) as unsubscribed
  from s group by 1, 2
),
windows as (
  select m.campaign_id, m.person, bool_or(e.name = ${q(GOAL)}) as converted, sum(e.revenue) as revenue
  from members m join events e on e.person = m.person and e.t >= m.t and e.t < m.t + interval 7 day and e.t <= ${asOf}
  group by 1, 2
),
earlier as (select m.campaign_id, m.person, e.t as last_before from members m asof left join events e on m.person = e.person and m.t > e.t),
joined as (
  select m.*, coalesce(w.converted, false) as converted, coalesce(w.revenue, 0) as revenue, w.person is not null as active_after,
    coalesce(b.last_before < m.t - interval 30 day, false) as dormant
  from members m left join windows w using (campaign_id, person) left join earlier b using (campaign_id, person)
)
select campaign_id, holdout, count(*) as audience, count(*) filter (where not holdout) as sent,
  count(*) filter (where not holdout and bounced) as bounced, count(*) filter (where not holdout and opened) as opens,
  count(*) filter (where not holdout and clicked) as clicks, count(*) filter (where not holdout and unsubscribed) as unsubscribes,
  count(*) filter (where converted) as conversions, sum(revenue)::double as revenue,
  count(*) filter (where dormant) as dormant, count(*) filter (where dormant and active_after) as reengaged
from joined group by 1, 2 order by 1, 2`;
    },
    figures(rows) {
      const values: Record<string, number> = {};
      const campaigns = new Set<string>();
      let audience = 0;
      let conversions = 0;
      for (const r of rows) {
        const c = String(r.campaign_id);
        campaigns.add(c);
        audience += num(r.audience);
        if (r.holdout) {
          values[`${c} holdout audience`] = num(r.audience);
          values[`${c} holdout conversions`] = num(r.conversions);
          continue;
        }
        for (const name of ["sent", "bounced", "opens", "clicks", "unsubscribes", "conversions", "revenue", "dormant", "reengaged"]) values[`${c} ${name}`] = num(r[name]);
        conversions += num(r.conversions);
      }
      // The app's audience of a campaign counts its holdout too.
      for (const c of campaigns) {
        values[`${c} audience`] = num(rows.filter((r) => r.campaign_id === c).reduce((sum, r) => sum + num(r.audience), 0));
        values[`${c} holdout audience`] ??= 0;
        values[`${c} holdout conversions`] ??= 0;
      }
      return { headline: `${campaigns.size} campaigns, audience ${fmt(audience)}, ${fmt(conversions)} converted`, values };
    },
  },
};

export type DuckTiming = { coldMs: number; repeatMs: number[]; figures: Figures | null; error?: string };
export type DuckRun = { version: string; threads: number; loadSeconds: number; reports: Record<string, DuckTiming> };

/** Loads the files, then runs each report cold and repeated, in the order given. */
export async function runDuckDb(data: SuiteData, bounds: SuiteBounds, timezone: string, ids: SuiteReportId[], log: (line: string) => void): Promise<DuckRun> {
  const threads = 2;
  const instance = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const c = await instance.connect();
  try {
    const version = String((await c.runAndReadAll("select version() as v")).getRowObjectsJson()[0]!.v);
    const loadSeconds = await load(c, data, timezone);
    log(`  DuckDB ${version}: files read into tables in ${loadSeconds.toFixed(1)} s`);
    const reports: Record<string, DuckTiming> = {};
    for (const id of ids) {
      const report = REPORTS[id];
      const sql = report.sql(bounds, timezone);
      const times: number[] = [];
      let figures: Figures | null = null;
      try {
        for (let i = 0; i <= REPEATS; i++) {
          const started = performance.now();
          const reader = await c.runAndReadAll(sql);
          const rows = reader.getRowObjectsJS() as Rows;
          times.push(performance.now() - started);
          if (i === 0) figures = report.figures(rows, bounds);
        }
        reports[id] = { coldMs: times[0]!, repeatMs: times.slice(1), figures };
        log(`  ${id.padEnd(16)} cold ${fmt(times[0]!)} ms, repeated ${times.slice(1).map((t) => fmt(t)).join(", ")} ms; ${figures!.headline}`);
      } catch (error) {
        reports[id] = { coldMs: NaN, repeatMs: [], figures: null, error: (error as Error).message };
        log(`  ${id.padEnd(16)} FAILED: ${(error as Error).message}`);
      }
    }
    return { version, threads, loadSeconds, reports };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
