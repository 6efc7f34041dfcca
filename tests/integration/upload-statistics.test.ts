import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { projectEventsTable } from "@/lib/ingest/event-segment";
import { importText } from "../support/ingest";

/*
 * An upload samples the tables it wrote when autovacuum would (50 + 10% of the rows the statistics know), so that the
 * first report after it is planned for the rows that are there, on servers whose autovacuum is slow or off.
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

const events = (from: number, count: number) =>
  `person,time,name\n${Array.from({ length: count }, (_, i) => `p${from + i},2026-01-0${1 + (i % 9)} 10:00,Open`).join("\n")}\n`;

describe("statistics after an upload", () => {
  it("are refreshed when the upload adds 50 + 10% of the rows they knew, and left alone below that", async () => {
    await importText("fresh-statistics", events(0, 60), { kind: "events", map: { time: "time" } });
    expect(await knownRows()).toBe(60);
    // 5 rows < 50 + 6: the statistics still say 60.
    await importText("fresh-statistics", events(100, 5), { kind: "events", map: { time: "time" } });
    expect(await knownRows()).toBe(60);
    // 60 rows ≥ 50 + 6: sampled again, with the 5 before.
    await importText("fresh-statistics", events(200, 60), { kind: "events", map: { time: "time" } });
    expect(await knownRows()).toBe(125);
  });
});
