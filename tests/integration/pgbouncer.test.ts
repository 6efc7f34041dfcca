import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDb, getDb, type Db } from "@/lib/db/client";
import { createDatabaseIfMissing, dropDatabase } from "@/lib/db/connection";
import { listMigrations } from "@/lib/db/migrate";
import { sql } from "@/lib/db/sql";
import { cliActor } from "@/lib/data/actor";
import { createSource } from "@/lib/data/import-sources";
import { runReport } from "@/lib/data/reports";
import { failAbandonedUploads } from "@/lib/ingest/upload-guards";
import { runQuery, type ReportContext } from "@/lib/reports/run-query";
import { pgbouncerBinary, startPgBouncer, type Bouncer } from "../support/pgbouncer";

/**
 * The app behind PgBouncer in transaction pooling mode, with fewer server connections than clients: each transaction
 * may run on any server connection, and a server connection serves many clients one transaction after another. So
 * nothing may rely on session state (a session SET, a session advisory lock, a named prepared statement, a temporary
 * table or a LISTEN outliving its transaction). Every client here is the app as an installation runs it: the CLI and
 * the worker in processes of their own, with DATABASE_URL naming the bouncer, on a database made new for this file.
 * The same reports run straight on the server give the numbers to compare with.
 */

const binary = pgbouncerBinary();
if (!binary) console.warn("pgbouncer.test.ts: skipped, this machine has no pgbouncer (bin/ensure-test-tools.sh installs Debian's).");

/** Server connections per database: fewer than the clients below, which must share them. */
const POOL = 2;
const serverUrl = inject("databaseUrl");
const database = `jl_bouncer_${Date.now().toString(36)}_${process.pid}`;
const directUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
let bouncer: Bouncer;
let viaBouncer: string;
let savedDatabaseUrl: string | undefined;

type Run = { code: number; stdout: string; stderr: string };

/** Runs `command` in the project's folder with DATABASE_URL set to `url`; the exit code and both outputs. */
function run(url: string, command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) =>
    execFile(command, args, { env: { ...process.env, DATABASE_URL: url, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
const cli = (url: string, ...args: string[]) => run(url, "./bin/journeylens", args);

/** A direct connection to the test's database, for what the app must have done or left behind. */
async function direct<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Advisory locks held in the test's database by anyone: every app lock must end with its transaction. */
const advisoryLocks = () =>
  direct(async (client) => {
    const { rows } = await client.query("select objid::bigint as key, pid from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname = $1", [database]);
    return rows;
  });

/** 24 people over February 2026: each signs up, most view, some order, half come back a week later, a few after two. */
function eventsCsv() {
  const lines = ["person,time,name,revenue"];
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 1, day, hour, 15)).toISOString();
  for (let i = 0; i < 24; i++) {
    const person = `p${String(i).padStart(2, "0")}`;
    const day = 1 + (i % 20);
    lines.push(`${person},${at(day, 9)},Signup,`);
    if (i % 4 !== 3) lines.push(`${person},${at(day + 1, 10)},View,`);
    if (i % 3 === 0) lines.push(`${person},${at(day + 2, 11)},Order,${10 + i}`);
    if (i % 2 === 0) lines.push(`${person},${at(day + 8, 12)},View,`);
    if (i % 5 === 0) lines.push(`${person},${at(day + 15, 13)},Order,${20 + i}`);
  }
  return lines.join("\n") + "\n";
}

const REPORTS: [kind: string, params: Record<string, string | string[]>][] = [
  ["overview", { from: "2026-02-01", to: "2026-03-10" }],
  ["retention", { as_of: "2026-03-15", period: "week" }],
  ["funnel", { from: "2026-02-01", to: "2026-03-10", step: ["Signup", "View", "Order"] }],
];
const reportArgs = (kind: string, params: Record<string, string | string[]>) => [
  "report", kind, "--project", "bx-shop", "--format", "json",
  ...Object.entries(params).flatMap(([name, value]) => [value].flat().flatMap((v) => [`--${name}`, v])),
];

describe.skipIf(!binary)("behind PgBouncer in transaction mode", () => {
  beforeAll(async () => {
    await createDatabaseIfMissing(serverUrl, database);
    bouncer = await startPgBouncer(binary!, serverUrl, POOL);
    viaBouncer = bouncer.url(database);
    // This process's own app (getDb) works on the test's database directly, for the numbers to compare with.
    await closeDb();
    savedDatabaseUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = directUrl;
  });

  afterAll(async () => {
    await closeDb();
    process.env.DATABASE_URL = savedDatabaseUrl;
    await bouncer?.stop();
    await dropDatabase(serverUrl, database);
  });

  it("migrates a new database at its first use through the bouncer, and leaves no lock behind", async () => {
    const created = await cli(viaBouncer, "project", "create", "bx-shop", "--name", "Bouncer Shop", "--timezone", "Europe/Berlin");
    expect(created, bouncer.log()).toMatchObject({ code: 0, stdout: "Created project bx-shop (Bouncer Shop, Europe/Berlin).\n" });
    const applied = await direct((c) => c.query("select migration_name from _prisma_migrations where finished_at is not null order by 1"));
    expect(applied.rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
    // The bouncer keeps its server connections open: a session lock taken on one would still be there.
    expect(await advisoryLocks()).toEqual([]);
  });

  it("imports a file and runs reports for more clients at once than server connections, with the numbers of the server itself", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-bouncer-"));
    const file = path.join(dir, "events.csv");
    fs.writeFileSync(file, eventsCsv());
    const imported = await cli(viaBouncer, "import", file, "--project", "bx-shop", "--as", "events", "--json");
    expect(imported.code, imported.stderr).toBe(0);
    const rows = eventsCsv().trim().split("\n").length - 1;
    expect(JSON.parse(imported.stdout)).toMatchObject({ status: "stored", rowsStored: rows, peopleCreated: 24 });

    // The reports, and a dry run of another file (COPY into a temporary table, rolled back), all at once. Two open
    // transactions first hold both server connections, until every one of those clients waits for one: then they
    // share the two. The bouncer's pools are sampled all along: never more server connections than POOL.
    const other = path.join(dir, "more.csv");
    fs.writeFileSync(other, "person,time,name\nq1,2026-03-01T10:00:00Z,Signup\nq2,2026-03-02T10:00:00Z,Signup\n");
    const admin = new pg.Client({ connectionString: bouncer.url("pgbouncer") });
    await admin.connect();
    const seen = { waiting: 0, servers: 0 };
    const sample = async () => {
      const { rows: pools } = await admin.query("show pools");
      for (const p of pools.filter((p) => p.database === database)) {
        seen.waiting = Math.max(seen.waiting, Number(p.cl_waiting));
        seen.servers = Math.max(seen.servers, Number(p.sv_active) + Number(p.sv_idle) + Number(p.sv_used) + Number(p.sv_tested) + Number(p.sv_login));
      }
    };
    const holders = Array.from({ length: POOL }, () => new pg.Client({ connectionString: viaBouncer }));
    for (const holder of holders) {
      await holder.connect();
      await holder.query("begin");
      await holder.query("select 1");
    }
    const clients = [
      ...REPORTS.map(([kind, params]) => cli(viaBouncer, ...reportArgs(kind, params))),
      cli(viaBouncer, "import", other, "--project", "bx-shop", "--as", "events", "--dry-run", "--json"),
    ];
    const deadline = Date.now() + 30_000;
    while (seen.waiting < clients.length && Date.now() < deadline) {
      await sample();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const holder of holders) {
      await holder.query("commit");
      await holder.end();
    }
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await sample();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const runs = await Promise.all(clients);
    sampling = false;
    await sampler;
    await admin.end();
    fs.rmSync(dir, { recursive: true });

    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(seen.waiting).toBeGreaterThanOrEqual(clients.length);
    expect(seen.servers).toBeGreaterThan(0);
    expect(seen.servers).toBeLessThanOrEqual(POOL);
    expect(JSON.parse(runs.at(-1)!.stdout)).toMatchObject({ status: "validated", upload: null, rowsStored: 2, peopleCreated: 2 });

    for (const [i, [kind, params]] of REPORTS.entries()) {
      const directly = await runReport(cliActor, "bx-shop", kind, params);
      expect(JSON.parse(runs[i]!.stdout).result, `${kind} ${JSON.stringify(params)}`).toEqual(directly.result);
    }
    const overview = JSON.parse(runs[0]!.stdout).result;
    expect(overview.totals).toMatchObject({ events: rows, people: 24 });
    expect(await advisoryLocks()).toEqual([]);
  });

  it("runs one worker round at a time across processes that share the bouncer's server connections", async () => {
    // A source whose server answers only when told: process A's round is under way until then.
    const held: http.ServerResponse[] = [];
    let arrived: () => void = () => {};
    const secondRequest = new Promise<void>((resolve) => (arrived = resolve));
    const server = http.createServer((_req, res) => {
      held.push(res);
      if (held.length > 1) arrived();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const allow = { JOURNEYLENS_IMPORT_ALLOW_HOSTS: "127.0.0.1" };
    Object.assign(process.env, allow);
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/daily.csv`;
      const source = await createSource(cliActor, "bx-shop", { url, cron: "0 2 * * *", options: { kind: "events" } });
      const due = new Date(Date.parse(source.nextRunAt) + 1000).toISOString();
      const tick = () => run(viaBouncer, "node_modules/.bin/tsx", ["--conditions=react-server", "--tsconfig", "tsconfig.json", "tests/support/scheduler-tick.ts", due], allow);

      const a = tick();
      const deadline = Date.now() + 30_000;
      while (!held.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(held.length, "process A's round fetches the source").toBe(1);
      // Process B ticks while A's round runs: it must find the lock taken, not run the same source a second time.
      const b = await Promise.race([tick(), secondRequest.then(() => null)]);
      for (const res of held) res.end("person,time,name\ns1,2026-03-01T10:00:00Z,Signup\n");
      const first = await a;
      expect(b, "process B ran a round while A's was under way").not.toBeNull();
      expect(b!.stdout.trim(), b!.stderr).toBe("null");
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual([{ id: source.id, status: "stored", message: "1 of 1 rows stored." }]);
      expect(held).toHaveLength(1);
      expect(await advisoryLocks()).toEqual([]);
    } finally {
      for (const name of Object.keys(allow)) delete process.env[name];
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("tells an upload still running elsewhere from one a stopped process left, at server start", async () => {
    const { pool: directPool } = await getDb();
    const { rows } = await directPool.query<{ id: string }>(
      "insert into uploads (project_id, file_name, kind, status) select id, f, 'events', 'running' from projects, unnest(array['alive.csv', 'dead.csv']) f where slug = 'bx-shop' order by f returning id::text",
    );
    const [alive, dead] = rows.map((r) => r.id);
    const pool = new pg.Pool({ connectionString: viaBouncer, max: 4 });
    // The running import's transaction holds its lock on one server connection; the start runs on the other.
    const running = await pool.connect();
    try {
      await running.query("begin");
      await running.query("select pg_advisory_xact_lock(7267100, $1::int)", [alive]);
      expect(await failAbandonedUploads(pool)).toEqual([dead]);
      await running.query("commit");
    } finally {
      running.release();
      await pool.end();
    }
    expect(await advisoryLocks()).toEqual([]);
  });

  // pg_cancel_backend of the connection's process id would do nothing here: behind a bouncer that id is one the
  // bouncer made up. The protocol's cancel request names the connection, and the bouncer forwards it.
  it("cancels a report statement on the server when its client goes away", async () => {
    const pool = new pg.Pool({ connectionString: viaBouncer, max: 4 });
    try {
      const controller = new AbortController();
      const ctx = { db: { pool, reads: pool } as Db, project: {}, now: new Date(), log: [], signal: controller.signal } as unknown as ReportContext;
      const started = Date.now();
      setTimeout(() => controller.abort(), 300);
      await expect(runQuery(ctx, "sleep", sql`select pg_sleep(1.5)`)).rejects.toMatchObject({ code: "57014" });
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await pool.end();
    }
  });

  it("leaves every server connection as the server made it: settings, prepared statements, temporary tables, channels", async () => {
    const sessionState = `select pg_backend_pid() as pid,
      array[current_setting('work_mem'), current_setting('statement_timeout'), current_setting('jit'), current_setting('enable_nestloop'),
        current_setting('default_transaction_read_only'), current_setting('TimeZone'), current_setting('search_path')] as settings,
      (select count(*) from pg_prepared_statements) as prepared,
      (select count(*) from pg_class where relnamespace = pg_my_temp_schema()) as temporary,
      (select count(*) from pg_listening_channels()) as channels,
      (select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()) as locks`;
    const fresh = await direct(async (c) => (await c.query(sessionState)).rows[0]);
    // Each client holds a transaction open, so each gets a server connection of its own: together, all of them.
    const clients = Array.from({ length: POOL }, () => new pg.Client({ connectionString: viaBouncer }));
    try {
      const states = [];
      for (const client of clients) {
        await client.connect();
        await client.query("begin");
        states.push((await client.query(sessionState)).rows[0]);
      }
      expect(new Set(states.map((s) => s.pid)).size).toBe(POOL);
      for (const state of states) expect({ ...state, pid: 0 }).toEqual({ ...fresh, pid: 0 });
    } finally {
      for (const client of clients) await client.end().catch(() => {});
    }
  });
});
