import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as uploadRoute } from "@/app/api/v1/projects/[slug]/uploads/route";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { createProject } from "@/lib/data/projects";
import { schedulerTick } from "@/lib/data/scheduler";
import { importUpload } from "@/lib/data/uploads";
import { createUser } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { failAbandonedUploads } from "@/lib/ingest/upload-guards";
import { dataCounts } from "../support/ingest";

/** 7. Uploads under faults: a stalled client, too many at once, a crash, a database outage. */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

let projectId = "";
let key = "";
beforeAll(async () => {
  projectId = (await createProject(cliActor, { slug: "faults", timezone: "UTC" })).id;
  await createUser(cliActor, { email: "faults@example.com", name: "Faults", role: "admin", password: "steady-granite-path" });
  key = (await createApiKey(cliActor, { userEmail: "faults@example.com", name: "faults" })).key;
});

/** A body that sends a header and one row, then nothing more, never ending. */
async function* stalled(): AsyncGenerator<Uint8Array> {
  yield Buffer.from("person,time,name\na,2026-01-01 10:00,Visit\n");
  await new Promise(() => {});
}

describe("uploads under faults", () => {
  it("a client that stops sending is ended after JOURNEYLENS_UPLOAD_IDLE_S and nothing of it is stored", async () => {
    process.env.JOURNEYLENS_UPLOAD_IDLE_S = "1";
    const before = await dataCounts(projectId);
    const started = performance.now();
    await expect(importUpload(cliActor, "faults", { fileName: "stalled.csv", stream: stalled(), options: { kind: "events" } })).rejects.toThrow(
      "The upload stopped: no data arrived for 1 s (JOURNEYLENS_UPLOAD_IDLE_S). Nothing was stored.",
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await dataCounts(projectId)).toEqual(before);
    const { pool } = await getDb();
    const { rows } = await pool.query("select status from uploads where project_id = $1 and file_name = 'stalled.csv'", [projectId]);
    expect(rows).toEqual([{ status: "failed" }]);
    // The connection went back to the pool with no transaction left open on it.
    const open = await pool.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'");
    expect(open.rows[0].n).toBe(0);
  });

  it("past JOURNEYLENS_UPLOADS_AT_ONCE uploads at once, the next answers 429 with Retry-After", async () => {
    process.env.JOURNEYLENS_UPLOAD_IDLE_S = "2";
    const post = () => {
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          controller.enqueue(new TextEncoder().encode("person,time,name\na,2026-01-01 10:00,Visit\n"));
          await new Promise(() => {});
        },
      });
      const req = new NextRequest("http://localhost/api/v1/projects/faults/uploads?kind=events", {
        method: "POST",
        body,
        headers: { authorization: `Bearer ${key}`, "content-type": "text/csv" },
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1] & { duplex: "half" });
      return uploadRoute(req, { params: Promise.resolve({ slug: "faults" }) });
    };
    const holding = [post(), post()];
    await new Promise((r) => setTimeout(r, 300));
    const third = await post();
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("60");
    expect((await third.json()).error.message).toBe("2 uploads are running on this server, the most at once. Try again in a minute.");
    // The stalled two end by their idle limit, freeing their places.
    expect((await Promise.all(holding)).map((r) => r.status)).toEqual([400, 400]);
  });

  it("an upload a crash left running is marked failed at start; one still running elsewhere is left alone", async () => {
    const { pool } = await getDb();
    const insert = async (name: string) =>
      (await pool.query("insert into uploads (project_id, file_name, kind, status) values ($1, $2, 'events', 'running') returning id::text", [projectId, name])).rows[0].id as string;
    const crashed = await insert("crashed.csv");
    const alive = await insert("alive.csv");
    // Another process's import holds its upload's lock for as long as its transaction lives.
    const other = await pool.connect();
    await other.query("begin");
    await other.query("select pg_advisory_xact_lock(7267100, $1::int)", [alive]);
    try {
      const failed = await failAbandonedUploads(pool);
      expect(failed).toContain(crashed);
      expect(failed).not.toContain(alive);
    } finally {
      await other.query("rollback");
      other.release();
    }
    const { rows } = await pool.query("select file_name, status, error_report->>'message' as message from uploads where id in ($1, $2) order by file_name", [alive, crashed]);
    expect(rows).toEqual([
      { file_name: "alive.csv", status: "running", message: null },
      {
        file_name: "crashed.csv",
        status: "failed",
        message: "The server stopped while this upload was running (a crash or a restart). Nothing of it was stored; upload the file again.",
      },
    ]);
  });

  it("the scheduler survives a database it cannot reach, and runs again once it can", async () => {
    const { pool } = await getDb();
    const connect = pool.connect.bind(pool);
    (pool as unknown as { connect: () => Promise<never> }).connect = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    try {
      await expect(schedulerTick()).rejects.toThrow("ECONNREFUSED");
    } finally {
      (pool as unknown as { connect: typeof connect }).connect = connect;
    }
    // Not stuck: the next round runs (and finds nothing due).
    expect(await schedulerTick()).toEqual(expect.anything());
  });
});
