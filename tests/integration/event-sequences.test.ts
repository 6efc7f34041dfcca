import { beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { deleteUpload } from "@/lib/data/uploads";
import { getDb } from "@/lib/db/client";
import { rebuildSequences } from "@/lib/reports/rollups/event-sequences";
import { importText } from "../support/ingest";

/*
 * The sequence rollup as the writers keep it (an upload adds to some people's rows, a removal rebuilds the rows of
 * the people it touched) is the rollup a full rebuild from the events gives, after each change.
 */
let projectId = "";
beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "seqkeep", timezone: "UTC" })).id;
});

type Row = { person_id: string; names: string[]; ats: string[]; revenue_ats: string[] | null; revenue_sums: string[] | null; name_counts: Record<string, number> };
const ROWS = `select person_id, names, array(select coalesce(to_char(a at time zone 'UTC', 'MM-DD HH24:MI'), a::text) from unnest(ats) a) as ats,
  array(select to_char(a at time zone 'UTC', 'MM-DD HH24:MI') from unnest(revenue_ats) a) as revenue_ats, revenue_sums::text[] as revenue_sums,
  (select json_object_agg(name, n order by name) from unnest(distinct_names, name_counts) u(name, n)) as name_counts
  from event_sequences where project_id = $1 order by person_id`;

/** The rollup as stored, and as a rebuild from the events gives it (rolled back). */
async function keptAndRebuilt() {
  const { pool } = await getDb();
  const kept = (await pool.query<Row>(ROWS, [projectId])).rows;
  const client = await pool.connect();
  try {
    await client.query("begin");
    await rebuildSequences(client, projectId);
    return { kept, rebuilt: (await client.query<Row>(ROWS, [projectId])).rows };
  } finally {
    await client.query("rollback");
    client.release();
  }
}

const FIRST = ["person,time,event,revenue", "a,2026-03-01 10:00,View,", "a,2026-03-02 10:00,Purchase,20", "b,2026-03-01 09:00,View,"].join("\n");
const SECOND = ["person,time,event,revenue", "a,2026-02-20 10:00,Purchase,5", "a,2026-03-03 10:00,Purchase,7.5", "c,2026-03-04 10:00,View,"].join("\n");

describe("the sequence rollup", () => {
  it("is kept by uploads and removals as a rebuild from the events gives it, revenue as running totals", async () => {
    const first = await importText("seqkeep", FIRST, { kind: "events", map: { name: "event" } });
    let { kept, rebuilt } = await keptAndRebuilt();
    expect(kept).toEqual(rebuilt);
    expect(kept.find((r) => r.person_id === "b")).toEqual({ person_id: "b", names: ["View"], ats: ["03-01 09:00"], revenue_ats: [], revenue_sums: null, name_counts: { View: 1 } });

    await importText("seqkeep", SECOND, { kind: "events", map: { name: "event" } });
    await importText("seqkeep", "user_id,session_id,user_journey\na,s1,home-cart\n", { kind: "journeys" });
    ({ kept, rebuilt } = await keptAndRebuilt());
    expect(kept).toEqual(rebuilt);
    // a: an earlier purchase, the first upload's events, a later purchase, then the pages without a clock.
    expect(kept.find((r) => r.person_id === "a")).toMatchObject({
      names: ["Purchase", "View", "Purchase", "Purchase", "home", "cart"],
      ats: ["02-20 10:00", "03-01 10:00", "03-02 10:00", "03-03 10:00", "infinity", "infinity"],
      revenue_ats: ["02-20 10:00", "03-02 10:00", "03-03 10:00"],
      revenue_sums: ["5.00", "25.00", "32.50"],
      name_counts: { Purchase: 3, View: 1, cart: 1, home: 1 },
    });

    await deleteUpload(cliActor, "seqkeep", String(first.upload));
    ({ kept, rebuilt } = await keptAndRebuilt());
    expect(kept).toEqual(rebuilt);
    expect(kept.map((r) => r.person_id)).toEqual(["a", "c"]);
    expect(kept[0]).toMatchObject({ revenue_ats: ["02-20 10:00", "03-03 10:00"], revenue_sums: ["5.00", "12.50"], name_counts: { Purchase: 2, cart: 1, home: 1 } });
  });
});
