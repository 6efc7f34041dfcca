import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { createSource, listSources, runSourceNow } from "@/lib/data/import-sources";
import { schedulerTick } from "@/lib/data/scheduler";

// A local HTTP server standing in for the system the CSV comes from.
let body = "person,time,name\nq1,2026-03-01 10:00,signup\n";
let status = 200;
const server = http.createServer((_req, res) => {
  res.writeHead(status, { "content-type": "text/csv" });
  res.end(status === 200 ? body : "gone");
});
let base = "";
let projectId = "";

beforeAll(async () => {
  // The stand-in listens on loopback, which scheduled fetches refuse unless allowed.
  process.env.JOURNEYLENS_IMPORT_ALLOW_HOSTS = "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  projectId = (await createProject(cliActor, { slug: "sched", timezone: "Europe/Berlin" })).id;
});
afterAll(async () => {
  delete process.env.JOURNEYLENS_IMPORT_ALLOW_HOSTS;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function eventCount() {
  const { pool } = await getDb();
  return (await pool.query("select count(*) as n from events where project_id = $1", [projectId])).rows[0].n;
}

describe("scheduled imports", () => {
  it("validates the URL and the schedule", async () => {
    await expect(createSource(cliActor, "sched", { url: "ftp://x/y.csv", cron: "0 2 * * *", options: { kind: "events" } })).rejects.toThrow("http(s) URL");
    await expect(createSource(cliActor, "sched", { url: `${base}/a.csv`, cron: "every day", options: { kind: "events" } })).rejects.toThrow(
      "A schedule has five fields",
    );
  });

  it("the worker runs a due source, records each run, and takes its turn by an advisory lock", async () => {
    const { id, nextRunAt } = await createSource(cliActor, "sched", { url: `${base}/daily.csv`, cron: "0 2 * * *", options: { kind: "events" } });
    // Next 02:00 in Berlin, after now.
    expect(new Date(nextRunAt).getTime()).toBeGreaterThan(Date.now());
    expect([0, 1]).toContain(new Date(nextRunAt).getUTCHours());

    // A tick runs every due source in the database, other test files' too: look at this one's runs.
    const ours = (runs: Awaited<ReturnType<typeof schedulerTick>>) => runs?.filter((run) => run.id === id);
    // Not due yet: nothing runs.
    expect(ours(await schedulerTick(new Date()))).toEqual([]);
    const due = new Date(Date.parse(nextRunAt) + 1000);
    expect(ours(await schedulerTick(due))).toEqual([{ id, status: "stored", message: "1 of 1 rows stored." }]);
    expect(await eventCount()).toBe(1);

    // A second runner waits its turn: while this connection holds the lock, a tick does nothing.
    const { pool } = await getDb();
    const holder = await pool.connect();
    await holder.query("select pg_advisory_lock(7267001)");
    expect(await schedulerTick(new Date(Date.now() + 3 * 86_400_000))).toBeNull();
    await holder.query("select pg_advisory_unlock(7267001)");
    holder.release();

    // The same file again is "unchanged"; a new file is stored; a failing URL is recorded as failed.
    expect((await runSourceNow(cliActor, "sched", id))?.status).toBe("unchanged");
    body += "q2,2026-03-02 10:00,signup\n";
    expect((await runSourceNow(cliActor, "sched", id))?.status).toBe("stored");
    expect(await eventCount()).toBe(3);
    status = 404;
    expect(await runSourceNow(cliActor, "sched", id)).toEqual({ status: "failed", message: "The source answered HTTP 404." });

    const [source] = await listSources(cliActor, "sched");
    expect(source!.runs.map((r) => r.status)).toEqual(["failed", "stored", "unchanged", "stored"]);
    expect(new Date(source!.nextRunAt).getTime()).toBeGreaterThan(Date.now());
  });
});
