import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type Server, serverPrograms } from "../support/pg-cluster";

/**
 * DATABASE_READ_URL: report statements read from a streaming replica while uploads write to the primary. A primary
 * and a replica made with pg_basebackup run on loopback; the CLI runs as an installation would, with DATABASE_URL
 * naming the primary and DATABASE_READ_URL the replica. With the replica's replay paused, an upload lands on the
 * primary and the reports still give the replica's numbers; once replay resumes they give the new ones.
 */
const bin = serverPrograms();
let cluster: Cluster;
let primary: Server;
let replica: Server;
const DATABASE = "journeylens_replicated";

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: primary.url(DATABASE), DATABASE_READ_URL: replica.url(DATABASE) };
  return new Promise((resolve) => {
    execFile("./bin/journeylens", args, { env }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function query<Row>(server: Server, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: server.url(DATABASE) });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp() {
  const [{ lsn }] = (await query<{ lsn: string }>(primary, "select pg_current_wal_lsn()::text as lsn")) as [{ lsn: string }];
  for (let waited = 0; waited < 20_000; waited += 50) {
    const [{ done }] = (await query<{ done: boolean }>(replica, "select pg_last_wal_replay_lsn() >= $1::pg_lsn as done", [lsn])) as [{ done: boolean }];
    if (done) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("The replica did not catch up within 20 s.");
}

async function overview() {
  const run = await cli("report", "overview", "--project", "replicated", "--as_of", "2026-03-10", "--format", "json");
  expect(run.stderr).toBe("");
  const { result } = JSON.parse(run.stdout) as { result: { totals: { people: number; events: number } } };
  return result.totals;
}

async function importEvents(name: string, rows: string[]) {
  const file = path.join(cluster.root, name);
  fs.writeFileSync(file, `person,time,name\n${rows.join("\n")}\n`);
  const run = await cli("import", file, "--project", "replicated", "--as", "events", "--map", "time=time");
  expect(run, run.stderr).toMatchObject({ code: 0 });
}

beforeAll(async () => {
  if (!bin) return;
  cluster = Cluster.create(bin);
  primary = await cluster.primary();
  const admin = new pg.Client({ connectionString: primary.url("postgres") });
  await admin.connect();
  await admin.query(`create database ${DATABASE}`);
  await admin.end();
  replica = await cluster.replica(primary);
}, 60_000);

afterAll(() => cluster?.stop());

describe.skipIf(!bin)("reports on a streaming replica (DATABASE_READ_URL)", () => {
  it("reads reports from the replica while the upload writes to the primary", async () => {
    expect(await query(replica, "select pg_is_in_recovery() as standby")).toEqual([{ standby: true }]);
    // The first use migrates the primary; the replica follows by replication.
    expect(await cli("project", "create", "replicated", "--timezone", "Europe/London")).toMatchObject({ code: 0 });
    await importEvents("march.csv", ["p1,2026-03-01 09:00,Open", "p2,2026-03-01 10:00,Open", "p2,2026-03-02 10:00,Buy", "p3,2026-03-03 11:00,Open"]);
    await caughtUp();
    expect(await overview()).toMatchObject({ people: 3, events: 4 });

    await query(replica, "select pg_wal_replay_pause()");
    await importEvents("more.csv", ["p4,2026-03-04 09:00,Open", "p5,2026-03-05 09:00,Open", "p5,2026-03-05 09:05,Buy"]);
    const [stored] = await query<{ events: number }>(primary, "select count(*)::int as events from events");
    expect(stored).toEqual({ events: 7 });
    // The replica has not replayed the second upload: the report still reads the first one's numbers.
    expect(await overview()).toMatchObject({ people: 3, events: 4 });

    await query(replica, "select pg_wal_replay_resume()");
    await caughtUp();
    expect(await overview()).toMatchObject({ people: 5, events: 7 });
  });

  it("refuses a replica without a primary", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_READ_URL: replica.url(DATABASE) };
    delete env.DATABASE_URL;
    const run = await new Promise<{ stderr: string }>((resolve) =>
      execFile("./bin/journeylens", ["project", "list"], { env }, (_error, _stdout, stderr) => resolve({ stderr })),
    );
    expect(run.stderr).toContain("DATABASE_READ_URL names a replica of DATABASE_URL's server: set DATABASE_URL too.");
  });
});
