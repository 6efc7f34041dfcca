import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { projectEventsTable } from "@/lib/ingest/event-segment";
import { importText } from "../support/ingest";

/*
 * An upload samples the tables it wrote when autovacuum would (50 + 10% more rows than the statistics know), so that
 * the first report after it is planned for the rows that are there, on servers whose autovacuum is slow or off. The
 * rows are judged from the tables' pages, so the uploads here are large enough to fill new pages.
 */
let table = "";
beforeAll(async () => {
  table = projectEventsTable((await createProject(cliActor, { slug: "fresh-statistics", timezone: "UTC" })).id);
});

/** The rows the planner's statistics know in the project's events, over every partition. */
async function knownRows() {
  const { pool } = await getDb();
  const { rows } = await pool.query<{ known: number }>(
    "select coalesce(sum(greatest(c.reltuples, 0)), 0)::int as known from pg_partition_tree($1::regclass) p join pg_class c on c.oid = p.relid and p.isleaf",
    [table],
  );
  return rows[0]!.known;
}

/**
 * Tables whose statistics are off their true row count by more than 2%: ANALYZE counts a table of up to 30,000 rows
 * exactly and estimates a larger one from its sample, while statistics from before the upload are off by 10% or more.
 */
async function staleTables(names: string[]) {
  const { pool } = await getDb();
  const stale: string[] = [];
  for (const name of names) {
    const { rows } = await pool.query<{ known: number; actual: number }>(
      `select (select reltuples from pg_class where oid = $1::regclass)::float8 as known, (select count(*) from ${name})::float8 as actual`,
      [name],
    );
    if (Math.abs(rows[0]!.known - rows[0]!.actual) > 0.02 * rows[0]!.actual) stale.push(name);
  }
  return stale;
}

const events = (from: number, count: number) =>
  `person,time,name\n${Array.from({ length: count }, (_, i) => `p${from + i},2026-01-0${1 + (i % 9)} 10:00,Open`).join("\n")}\n`;

/** The project's event partitions with statistics on their columns. */
async function sampledLeaves(projectId: string) {
  const { pool } = await getDb();
  const { rows } = await pool.query<{ leaf: string }>(
    `select c.relname as leaf from pg_partition_tree($1::regclass) p join pg_class c on c.oid = p.relid
     where p.isleaf and exists (select 1 from pg_stats st where st.tablename = c.relname and st.attname = 'occurred_at') order by 1`,
    [projectEventsTable(projectId)],
  );
  return rows.map((r) => r.leaf);
}

const SHARED = ["people", "activity_people", "activity_masks"];

/** The most rows the statistics of the tables shared with other projects know (other tests' projects live there too). */
async function sharedKnown() {
  const { pool } = await getDb();
  const { rows } = await pool.query<{ known: number }>("select max(greatest(reltuples, 0))::float8 as known from pg_class where oid = any($1::regclass[])", [SHARED]);
  return rows[0]!.known;
}

describe("statistics after an upload", () => {
  it("are refreshed when the upload adds 50 + 10% of the rows they knew, and left alone below that", async () => {
    // Enough new people for every table the upload writes: 50 + 10% of what the largest one's statistics know, and more.
    const first = Math.max(1000, Math.ceil(50 + 0.1 * (await sharedKnown())) + 100);
    await importText("fresh-statistics", events(0, first), { kind: "events", map: { time: "time" } });
    expect(await knownRows()).toBe(first);
    expect(await staleTables(SHARED)).toEqual([]);
    // 5 rows, far fewer than 50 + 10%: the statistics still say `first`.
    await importText("fresh-statistics", events(first, 5), { kind: "events", map: { time: "time" } });
    expect(await knownRows()).toBe(first);
    // Enough again: sampled again, with the 5 before.
    const third = Math.ceil(0.1 * first) + 500;
    await importText("fresh-statistics", events(first + 5, third), { kind: "events", map: { time: "time" } });
    expect(await knownRows()).toBe(first + 5 + third);
  });

  it("cover the table each kind of upload writes: campaign sends", async () => {
    const { pool } = await getDb();
    const known = (await pool.query<{ known: number }>("select greatest(reltuples, 0)::float8 as known from pg_class where oid = 'campaign_sends'::regclass")).rows[0]!.known;
    const count = Math.max(1000, Math.ceil(50 + 0.1 * known) + 100);
    const rows = Array.from({ length: count }, (_, i) => `spring,s${i},2026-03-03 08:00`);
    await importText("fresh-statistics", `campaign_id,user_id,sent_at\n${rows.join("\n")}\n`, { kind: "campaign-sends" });
    expect(await staleTables(["campaign_sends"])).toEqual([]);
  });

  it("judge each partition of the project's events: a small upload after a large one fills the partition it lands in", async () => {
    const projectId = (await createProject(cliActor, { slug: "segmented-statistics", timezone: "UTC" })).id;
    // 1,000 rows: a segment of their own; 120 (fewer than 50 + 10% of the project's 1,000): the project's segment 0.
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "500";
    try {
      await importText("segmented-statistics", events(0, 1000), { kind: "events", map: { time: "time" } });
      // Sampled, not only counted: the segment's row count comes from its index builds, its columns' statistics from ANALYZE.
      expect(await sampledLeaves(projectId)).toEqual([expect.stringMatching(/_[1-9]\d*$/)]);
      await importText("segmented-statistics", events(1000, 120), { kind: "events", map: { time: "time" } });
    } finally {
      delete process.env.JOURNEYLENS_SEGMENT_MIN_ROWS;
    }
    const { pool } = await getDb();
    const { rows } = await pool.query<{ leaf: string; known: number }>(
      "select c.relname as leaf, c.reltuples::int as known from pg_partition_tree($1::regclass) p join pg_class c on c.oid = p.relid where p.isleaf order by 1",
      [projectEventsTable(projectId)],
    );
    expect(rows).toEqual([
      { leaf: `${projectEventsTable(projectId)}_0`, known: 120 },
      { leaf: expect.stringMatching(/_\d+$/), known: 1000 },
    ]);
  });
});
