import { Readable } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { deleteUpload, validateUpload } from "@/lib/data/uploads";
import { MAX_SEGMENTS, projectEventsTable, segmentTable } from "@/lib/ingest/event-segment";
import { importText, tableCounts } from "../support/ingest";

/*
 * Where an events upload is stored: a table of its own, attached as a segment of the project's events, from
 * JOURNEYLENS_SEGMENT_MIN_ROWS rows on (3 here), or the project's segment 0 below that.
 */
let projectId = "";
beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "segments", timezone: "UTC" })).id;
});
afterEach(() => {
  delete process.env.JOURNEYLENS_SEGMENT_MIN_ROWS;
});

async function query(text: string, values: unknown[] = []) {
  const { pool } = await getDb();
  return (await pool.query(text, values)).rows;
}

/** The tables holding the project's events: name → its segment bound and its index definitions. */
async function segments() {
  const rows = await query(
    `select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound,
       (select array_agg(pg_get_indexdef(i.indexrelid)) from pg_index i where i.indrelid = c.oid) as indexes
     from pg_inherits h join pg_class c on c.oid = h.inhrelid where h.inhparent = $1::regclass order by 1`,
    [projectEventsTable(projectId)],
  );
  return Object.fromEntries(rows.map((r) => [r.name, { bound: r.bound, indexes: (r.indexes ?? []).map((d: string) => d.replace(/^.* USING /, "")).sort() }]));
}

// "code" is numeric in the first row and not after: the whole column is text, each value as written, as in a staged
// upload. "price" is numeric throughout, in forms JSON does not write ("+3", ".5", "1e1"); "ratio" is numeric until
// its last value, so "1e1" stays text as written.
const FILE = [
  "person,time,name,code,price,ratio",
  "a,2026-01-01 10:00,view,12,9.50,-0.25",
  "b,2026-01-02 10:00,view,007,+3,1e1",
  "a,2026-01-03 10:00,buy,N/A,.5,x",
].join("\n");
const STORED = [
  ["a", "view", { code: "12", price: 9.5, ratio: "-0.25" }],
  ["b", "view", { code: "007", price: 3, ratio: "1e1" }],
  ["a", "buy", { code: "N/A", price: 0.5, ratio: "x" }],
];

describe("events uploads and their segments", () => {
  it("stores a large upload as a segment of its own, indexed, and removes it by dropping the table", async () => {
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "3";
    const result = await importText("segments", FILE, { kind: "events" });
    expect(result).toMatchObject({ rowsStored: 3, events: 3, peopleCreated: 2 });
    const table = segmentTable(projectId, result.upload!);
    expect((await segments())[table]).toEqual({
      bound: `FOR VALUES IN ('${result.upload}')`,
      indexes: ["brin (occurred_at)", "brin (upload_id)", "btree (name, occurred_at) INCLUDE (person_id, upload_id, \"position\")", 'btree (person_id, occurred_at, upload_id, "position", name)'],
    });
    const rows = await query(`select person_id, name, properties, position, segment::text from events where upload_id = $1 order by position`, [result.upload]);
    expect(rows.map((r) => [r.person_id, r.name, r.properties])).toEqual(STORED);
    expect(rows.map((r) => [r.position, r.segment])).toEqual([[2, result.upload], [3, result.upload], [4, result.upload]]);

    expect(await deleteUpload(cliActor, "segments", result.upload!)).toMatchObject({ events: 3, people: 2 });
    expect((await segments())[table]).toBeUndefined();
    expect(await query("select count(*)::int as n from events where project_id = $1", [projectId])).toEqual([{ n: 0 }]);
  });

  it("loads a segment frozen, so that a funnel step's read of the name index needs none of the table's rows", async () => {
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "3";
    const file = ["person,time,name", "a,2026-01-01 10:00,view", "b,2026-01-02 10:00,view", "a,2026-01-03 10:00,buy"].join("\n");
    const result = await importText("segments", file, { kind: "events" });
    const { pool } = await getDb();
    const client = await pool.connect();
    try {
      await client.query("begin; set local enable_seqscan = off; set local enable_bitmapscan = off");
      const plan = (
        await client.query(
          `explain (analyze, format json) select person_id, occurred_at, upload_id, position from "${segmentTable(projectId, result.upload!)}" where name = 'view' and occurred_at >= '2026-01-01'`,
        )
      ).rows[0]["QUERY PLAN"][0].Plan;
      expect(plan).toMatchObject({ "Node Type": "Index Only Scan", "Actual Rows": 2, "Heap Fetches": 0 });
    } finally {
      await client.query("rollback");
      client.release();
    }
    await deleteUpload(cliActor, "segments", result.upload!);
  });

  it("adds a smaller upload to the project's segment 0, with the same values", async () => {
    const result = await importText("segments", FILE, { kind: "events", force: true });
    expect(Object.keys(await segments())).toEqual([`${projectEventsTable(projectId)}_0`]);
    const rows = await query(`select person_id, name, properties, segment::text from events where upload_id = $1 order by position`, [result.upload]);
    expect(rows.map((r) => [r.person_id, r.name, r.properties])).toEqual(STORED);
    expect(rows.every((r) => r.segment === "0")).toBe(true);
    await deleteUpload(cliActor, "segments", result.upload!);
  });

  it("keeps a large page-journeys upload as a segment too, pages in order", async () => {
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "4";
    const file = "user_id,session_id,subscription_type,user_journey\nj1,s1,Annual,Homepage-Pricing-Checkout\nj2,s2,Monthly,Homepage-Blog\n";
    const result = await importText("segments", file, { kind: "journeys" });
    expect(result).toMatchObject({ rowsStored: 2, events: 5, peopleCreated: 2 });
    expect((await segments())[segmentTable(projectId, result.upload!)]?.bound).toBe(`FOR VALUES IN ('${result.upload}')`);
    const rows = await query("select person_id, string_agg(name, '-' order by position) as pages from events where upload_id = $1 group by 1 order by 1", [result.upload]);
    expect(rows).toEqual([{ person_id: "j1", pages: "Homepage-Pricing-Checkout" }, { person_id: "j2", pages: "Homepage-Blog" }]);
    await deleteUpload(cliActor, "segments", result.upload!);
    expect(Object.keys(await segments())).toEqual([`${projectEventsTable(projectId)}_0`]);
  });

  it("removes two large uploads of one project at once, each dropping its own table", async () => {
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "1";
    const first = await importText("segments", "person,time,name\nr1,2026-02-01 10:00,view\n", { kind: "events" });
    const second = await importText("segments", "person,time,name\nr2,2026-02-02 10:00,view\n", { kind: "events" });
    expect(Object.keys(await segments())).toHaveLength(3);
    const removed = await Promise.all([deleteUpload(cliActor, "segments", first.upload!), deleteUpload(cliActor, "segments", second.upload!)]);
    expect(removed.map((r) => r.events)).toEqual([1, 1]);
    expect(Object.keys(await segments())).toEqual([`${projectEventsTable(projectId)}_0`]);
  });

  it(`keeps at most ${MAX_SEGMENTS} segments besides 0, adding later large uploads to segment 0`, async () => {
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "1";
    const uploads: string[] = [];
    for (let i = 0; i <= MAX_SEGMENTS; i++)
      uploads.push((await importText("segments", `person,time,name\nm${i},2026-02-01 10:00,view\n`, { kind: "events" })).upload!);
    expect(Object.keys(await segments())).toHaveLength(MAX_SEGMENTS + 1);
    expect(await query("select segment::text from events where upload_id = $1", [uploads.at(-1)])).toEqual([{ segment: "0" }]);
    for (const id of uploads) await deleteUpload(cliActor, "segments", id);
    expect(Object.keys(await segments())).toEqual([`${projectEventsTable(projectId)}_0`]);
  });

  it("checks a file without leaving a table or a row behind", async () => {
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "1";
    const before = await tableCounts();
    const checked = await validateUpload(cliActor, "segments", { fileName: "check.csv", stream: Readable.from([Buffer.from(FILE)]), options: { kind: "events" } });
    expect(checked).toMatchObject({ status: "validated", rowsStored: 3 });
    expect(Object.keys(await segments())).toEqual([`${projectEventsTable(projectId)}_0`]);
    expect(await tableCounts()).toEqual(before);
  });

  it("leaves no segment behind when an upload fails", async () => {
    process.env.JOURNEYLENS_SEGMENT_MIN_ROWS = "1";
    await expect(importText("segments", "person,time,name\na,2026-01-01,view\nb,not a time,view\n", { kind: "events" })).rejects.toThrow(/not a valid time/);
    expect(Object.keys(await segments())).toEqual([`${projectEventsTable(projectId)}_0`]);
  });
});
