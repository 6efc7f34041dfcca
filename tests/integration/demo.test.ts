import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { DEMO_SLUGS, journeyRows, loadDemo, type DemoSummary } from "@/lib/demo";

const END = new Date("2026-06-30T23:59:59Z");
const SEED = 42;
const TABLES = ["people", "events", "campaign_sends", "spend"] as const;

async function pool() {
  return (await getDb()).pool;
}

/** Per project and table: row count and an md5 over the rows' text, ordered by that text (ids differ per load). */
async function fingerprint(): Promise<Record<string, Record<string, { n: number; md5: string | null }>>> {
  const columns = {
    people: "person_id, first_seen, signup_at, plan, source, platform, country, properties",
    events: "person_id, name, occurred_at, session_id, position, properties, revenue",
    campaign_sends: "person_id, campaign_id, campaign_name, channel, sent_at, delivered_at, bounced_at, opened_at, clicked_at, unsubscribed_at",
    spend: "day, channel, campaign, platform, cost, currency, clicks, impressions",
  };
  const result: Record<string, Record<string, { n: number; md5: string | null }>> = {};
  for (const table of TABLES) {
    const { rows } = await (await pool()).query(
      `select p.slug, count(t.x) as n, md5(string_agg(t.x, E'\\n' order by t.x)) as md5
         from projects p left join (select project_id, row(${columns[table]})::text as x from ${table}) t on t.project_id = p.id
        where p.slug = any($1) group by p.slug`,
      [DEMO_SLUGS],
    );
    for (const row of rows) (result[row.slug] ??= {})[table] = { n: row.n, md5: row.md5 };
  }
  return result;
}

let first: DemoSummary;
let firstPrint: Awaited<ReturnType<typeof fingerprint>>;

async function cleanUp() {
  const db = await pool();
  const { rows } = await db.query("select id from projects where slug = any($1)", [DEMO_SLUGS]);
  const ids = rows.map((r) => r.id);
  for (const table of TABLES) await db.query(`delete from ${table} where project_id = any($1)`, [ids]);
  await db.query("delete from projects where id = any($1)", [ids]);
}

beforeAll(async () => {
  const started = performance.now();
  first = await loadDemo(await getDb(), { endDate: END, seed: SEED, onProgress: (m) => console.log(`  ${m}`) });
  console.log(`demo load: ${first.seconds.toFixed(2)} s (${((performance.now() - started) / 1000).toFixed(2)} s wall), ${first.totalEvents} events`);
  console.table(first.projects);
  firstPrint = await fingerprint();
}, 180_000);

afterAll(cleanUp);

describe("loadDemo", () => {
  it("loads the four projects with at least 200,000 events", async () => {
    expect(first.projects.map((p) => p.slug)).toEqual(DEMO_SLUGS);
    expect(first.totalEvents).toBeGreaterThanOrEqual(200_000);
    expect(first.totalEvents).toBe(first.projects.reduce((s, p) => s + p.events, 0));
    for (const p of first.projects) {
      expect(firstPrint[p.slug]!.events!.n).toBe(p.events);
      expect(firstPrint[p.slug]!.people!.n).toBe(p.people);
      expect(p.events).toBeGreaterThan(20_000);
    }
    expect(firstPrint.letterbox!.campaign_sends!.n).toBeGreaterThan(10_000);
    expect(firstPrint.giftly!.spend!.n).toBe(365 * 2 * 3);
    const { rows } = await (await pool()).query("select slug, name, timezone from projects where slug = any($1) order by slug", [DEMO_SLUGS]);
    expect(rows).toEqual([
      { slug: "giftly", name: "Giftly", timezone: "America/New_York" },
      { slug: "learnpath", name: "LearnPath Academy", timezone: "Europe/London" },
      { slug: "letterbox", name: "The Weekly Letter", timezone: "UTC" },
      { slug: "threadline", name: "Threadline Apparel", timezone: "Europe/Berlin" },
    ]);
  });

  it("puts nothing after endDate, and nothing more than a year before it", async () => {
    const db = await pool();
    const yearBefore = new Date(END.getTime() - 367 * 86_400_000);
    // Other test files share the database: look only at the demo projects' rows.
    const demo = "project_id in (select id from projects where slug = any($3))";
    const checks = [
      `select count(*) as n from events where ${demo} and (occurred_at > $1 or occurred_at < $2)`,
      `select count(*) as n from people where ${demo} and (first_seen > $1 or signup_at > $1 or first_seen < $2 or signup_at < first_seen)`,
      `select count(*) as n from campaign_sends where ${demo} and (greatest(sent_at, delivered_at, bounced_at, opened_at, clicked_at, unsubscribed_at) > $1 or sent_at < $2)`,
      `select count(*) as n from spend where ${demo} and (day > $1::timestamptz::date or day < $2::timestamptz::date)`,
    ];
    for (const sql of checks) expect((await db.query(sql, [END, yearBefore, [...DEMO_SLUGS]])).rows[0].n, sql).toBe(0);
    const { rows } = await db.query(`select max(occurred_at) as last from events where ${demo.replace("$3", "$1")}`, [[...DEMO_SLUGS]]);
    expect(rows[0].last.getTime()).toBeGreaterThan(END.getTime() - 86_400_000);
  });

  it("stores learnpath journeys without a clock, positions 1..n across each learner's sessions", async () => {
    const db = await pool();
    const { rows } = await db.query(`
      select count(*) filter (where e.occurred_at is not null) as timed,
             count(*) filter (where e.session_id is null or e.position is null) as unordered,
             count(distinct e.session_id) as sessions
        from events e join projects p on p.id = e.project_id where p.slug = 'learnpath'`);
    expect(rows[0]).toMatchObject({ timed: 0, unordered: 0 });
    const { rows: bad } = await db.query(`
      select e.person_id from events e join projects p on p.id = e.project_id where p.slug = 'learnpath'
       group by e.person_id
      having min(e.position) <> 1 or max(e.position) <> count(*) or count(distinct e.position) <> count(*)
       limit 5`);
    expect(bad).toEqual([]);

    // The CSV rows of journeyRows describe exactly the stored journeys.
    let sessions = 0;
    let pages = 0;
    for (const [, , plan, journey] of journeyRows({ seed: SEED, endDate: END })) {
      sessions++;
      pages += journey.split("-").length;
      expect(["Monthly", "Quarterly", "Annual"]).toContain(plan);
    }
    expect(sessions).toBe(rows[0].sessions);
    expect(pages).toBe(first.projects.find((p) => p.slug === "learnpath")!.events);
  });

  it("records one stored upload per dataset, and every row carries one of its project", async () => {
    const db = await pool();
    const { rows: uploads } = await db.query(`
      select p.slug, u.kind, u.status, u.counts, u.finished_at is not null as finished
        from uploads u join projects p on p.id = u.project_id where p.slug = any($1) order by p.slug, u.kind`, [DEMO_SLUGS]);
    expect(uploads.map((u) => `${u.slug} ${u.kind} ${u.status} ${u.finished}`)).toEqual([
      "giftly demo:events stored true",
      "giftly demo:spend stored true",
      "learnpath demo:journeys stored true",
      "letterbox demo:campaign_sends stored true",
      "letterbox demo:events stored true",
      "threadline demo:events stored true",
    ]);
    expect(uploads.find((u) => u.slug === "learnpath").counts).toEqual({
      people: first.projects.find((p) => p.slug === "learnpath")!.people,
      events: first.projects.find((p) => p.slug === "learnpath")!.events,
    });
    for (const table of TABLES) {
      const { rows } = await db.query(
        `select count(*) as n from ${table} t left join uploads u on u.id = t.upload_id
          where t.project_id in (select id from projects where slug = any($1)) and (u.id is null or u.project_id <> t.project_id)`,
        [DEMO_SLUGS],
      );
      expect(rows[0].n, table).toBe(0);
    }
  });

  it("is deterministic, and reloading replaces the data instead of adding to it", async () => {
    const db = await pool();
    const { rows: before } = await db.query("select id from uploads where project_id in (select id from projects where slug = any($1))", [DEMO_SLUGS]);
    const versions = async () => (await db.query("select slug, data_version from projects where slug = any($1) order by slug", [DEMO_SLUGS])).rows;
    const versionsBefore = await versions();
    const second = await loadDemo(await getDb(), { endDate: END, seed: SEED });
    // Each project's cached reports are dropped with the data they read.
    expect((await versions()).map((r) => Number(r.data_version))).toEqual(versionsBefore.map((r) => Number(r.data_version) + 1));
    console.log(`demo reload: ${second.seconds.toFixed(2)} s`);
    expect(second.projects).toEqual(first.projects);
    expect(await fingerprint()).toEqual(firstPrint);
    const { rows: after } = await db.query("select id from uploads where project_id in (select id from projects where slug = any($1))", [DEMO_SLUGS]);
    expect(after).toHaveLength(before.length);
    expect(after.map((r) => r.id)).not.toContain(before[0].id);
    expect((await db.query("select count(*) as n from projects where slug = any($1)", [DEMO_SLUGS])).rows[0].n).toBe(4);
  }, 180_000);

  it("gives different journeys for a different seed", () => {
    const sample = (seed: number, endDate: Date) => [...take(journeyRows({ seed, endDate }), 50)].join("\n");
    expect(sample(SEED, END)).toBe(sample(SEED, END));
    expect(sample(SEED + 1, END)).not.toBe(sample(SEED, END));
  });
});

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n <= 0) return;
  }
}
