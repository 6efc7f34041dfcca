/**
 * One database of the speed suite (bench/suite.ts starts this in a process of its own for each, so that each has its
 * own connection pool and settings): the embedded server when DATABASE_URL is unset, otherwise the server it names.
 *   1. psql \copy of the events file into a bare table with the file's columns (logged, no index): the physical limit;
 *   2. a fresh project (Europe/London) loaded through the app's import path, one upload a file — people, events, page
 *      journeys, campaign sends, spend — each in a child process with the CLI's heap cap (bench/load-file.ts);
 *   3. each report (bench/suite-reports.ts) through runReport with the result cache off: once each, in turn, right
 *      after the uploads (cold: the first run of each after the upload), then three more rounds (repeated); then with
 *      the cache on, as the app runs, once to fill it and once more (cached: what a user asking again waits for);
 *   4. unless --skip-load, the six reports as a dashboard under load (bench/load-test.ts) with the app as shipped;
 *   5. the storage's own floor: the events upload's rows as stored, copied out and back into a bare table of the
 *      events' shape, which is then given the events' indexes: what any import into this storage pays before
 *      it checks a row or rolls anything up;
 *   6. the project and the bare table removed, unless --keep.
 * Writes its figures as JSON to the file named by --out. A report statement may run up to BENCH_QUERY_TIMEOUT_S
 * (300) here; the dashboard under load keeps the app's own limit.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { runReport } from "@/lib/data/reports";
import { closeDb, getDb, type Db } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/connection";
import type { UploadKind } from "@/lib/ingest/kinds";
import { loadFile } from "./load-file";
import { loadTest } from "./load-test";
import { removeProject, serverSettings } from "./retention-db";
import { SUITE_TIMEZONE, type SuiteData } from "./suite-data";
import { SUITE_REPORTS, suiteBounds } from "./suite-reports";
import type { TargetResult } from "./suite-results";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const target = option("target") as TargetResult["target"];
const data = JSON.parse(fs.readFileSync(option("data")!, "utf8")) as SuiteData;
const out = option("out")!;
const keep = args.includes("--keep");
const skipLoad = args.includes("--skip-load");
const seconds = Number(option("seconds") ?? 60);
const connections = Number(option("connections") ?? 50);
const port = Number(option("port") ?? 0);
const REPEATS = 3;

// The environment as given, for the import children and the app server; this process's reports get the cache off
// and a longer statement limit.
const appEnv = { ...process.env };
process.env.JOURNEYLENS_REPORT_CACHE = "off";
process.env.JOURNEYLENS_REPORT_TIMEOUT_MS = String(Number(process.env.BENCH_QUERY_TIMEOUT_S ?? 300) * 1000);

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
const log = (line: string) => console.log(`[${target}] ${line}`);
const phases: Record<string, number> = {};
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases[name] = Math.round((performance.now() - started) / 100) / 10;
  }
}

const url = await resolveDatabaseUrl();
const { pool } = await getDb();
pool.on("error", () => {});
const { rows: info } = await pool.query<{ version: string; jit: boolean }>("select version() as version, pg_jit_available() as jit");
const server = { version: info[0]!.version.split(",")[0]!, settings: await serverSettings(), jitAvailable: info[0]!.jit };
log(`${server.version}; ${server.settings}; JIT available: ${server.jitAvailable}`);

const slug = `bench-suite-${data.events.rows}-${Date.now().toString(36)}`;
const bare = `bench_suite_bare_${Date.now().toString(36)}`;
const result: TargetResult = { target, server, slug, kept: keep, copy: { seconds: 0, rowsPerSecond: 0 }, uploads: [], reports: {}, load: null, phases };
let created = false;
try {
  // 1. The physical limit.
  await phase("psql \\copy", async () => {
    await pool.query(`create table ${bare} (person text, time timestamp, name text, session text, category text, duration_s int, price numeric, revenue numeric)`);
    const started = performance.now();
    execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", `\\copy ${bare} from '${data.events.file}' with (format csv, header true)`], { stdio: ["ignore", "ignore", "inherit"] });
    const s = (performance.now() - started) / 1000;
    result.copy = { seconds: Math.round(s * 100) / 100, rowsPerSecond: Math.round(data.events.rows / s) };
    log(`psql \\copy into a bare table: ${s.toFixed(1)} s (${fmt(result.copy.rowsPerSecond)} rows/s)`);
    if (!keep) await pool.query(`drop table ${bare}`);
  });

  // 2. The app's import path, one upload a file.
  await createProject(cliActor, { slug, name: `Speed suite, ${fmt(data.events.rows)} events`, timezone: SUITE_TIMEZONE });
  created = true;
  await phase("uploads", async () => {
    const files: [UploadKind, string][] = [
      ["people", data.people.file],
      ["events", data.events.file],
      ["journeys", data.journeys.file],
      ["campaign-sends", data.sends.file],
      ["spend", data.spend.file],
    ];
    for (const [kind, file] of files) {
      const r = await loadFile(file, slug, kind, appEnv);
      result.uploads.push({ kind, ...r });
      log(`import ${kind}: ${fmt(r.rowsStored)} rows in ${r.seconds} s (${fmt(r.rowsPerSecond)} rows/s), peak RSS ${r.maxRssMB} MB${r.phases.length ? `; ${r.phases.join(", ")}` : ""}`);
    }
  });

  // 3. Reports, cache off: cold in turn, then the repeats in rounds.
  const bounds = suiteBounds(data.lastDay);
  const once = async (spec: (typeof SUITE_REPORTS)[number]) => {
    const started = performance.now();
    const output = await runReport(cliActor, slug, spec.kind, spec.params(bounds));
    return { ms: performance.now() - started, statements: output.queries.reduce((sum, q) => sum + q.ms, 0), result: output.result, cached: output.cached };
  };
  await phase("reports", async () => {
    for (const spec of SUITE_REPORTS) {
      try {
        const run = await once(spec);
        const figures = spec.figures(run.result);
        result.reports[spec.id] = { coldMs: run.ms, repeatMs: [], coldStatementsMs: run.statements, figures };
        log(`${spec.id.padEnd(16)} cold ${fmt(run.ms)} ms (statements ${fmt(run.statements)} ms); ${figures.headline}`);
      } catch (error) {
        result.reports[spec.id] = { coldMs: NaN, repeatMs: [], coldStatementsMs: NaN, figures: null, error: (error as Error).message };
        log(`${spec.id.padEnd(16)} FAILED: ${(error as Error).message}`);
      }
    }
    for (let round = 1; round <= REPEATS; round++)
      for (const spec of SUITE_REPORTS) {
        const timing = result.reports[spec.id]!;
        if (timing.error) continue;
        try {
          timing.repeatMs.push((await once(spec)).ms);
        } catch (error) {
          timing.error = `repeat ${round}: ${(error as Error).message}`;
        }
      }
    for (const spec of SUITE_REPORTS) {
      const t = result.reports[spec.id]!;
      if (!t.error) log(`${spec.id.padEnd(16)} repeated ${t.repeatMs.map((ms) => fmt(ms)).join(", ")} ms`);
    }
  });
  await phase("reports, cached", async () => {
    process.env.JOURNEYLENS_REPORT_CACHE = "on";
    for (const spec of SUITE_REPORTS) {
      const timing = result.reports[spec.id]!;
      if (timing.error) continue;
      await once(spec);
      const again = await once(spec);
      if (again.cached) timing.cachedMs = again.ms;
      log(`${spec.id.padEnd(16)} ${again.cached ? `cached ${fmt(again.ms)} ms` : "NOT served from the cache the second time"}`);
    }
    process.env.JOURNEYLENS_REPORT_CACHE = "off";
  });

  // 4. The dashboard under load, the app as shipped.
  if (!skipLoad)
    await phase("load test", async () => {
      try {
        log(`load test: ${connections} connections for ${seconds} s on ${SUITE_REPORTS.filter((s) => s.tile).length} tiles …`);
        result.load = await loadTest({ slug, tiles: SUITE_REPORTS.flatMap((s) => (s.tile ? [s.tile] : [])), seconds, connections, port, env: appEnv });
        const l = result.load;
        log(`load test: ${fmt(l.requestsPerSecond)} requests/s, p50/p95/p99 ${l.latencyMs.p50}/${l.latencyMs.p95}/${l.latencyMs.p99} ms, errors ${l.errors}, timeouts ${l.timeouts}, non-2xx ${l.non2xx}, server peak RSS ${l.rssMb.peak} MB`);
        const id = (tile: string) => SUITE_REPORTS.find((s) => s.tile === tile)?.id ?? tile;
        log(`load test, cold tiles: ${Object.entries(l.coldMs).map(([tile, ms]) => `${id(tile)} ${ms} ms (HTTP ${l.coldStatus[tile]})`).join(", ")}`);
      } catch (error) {
        result.loadError = (error as Error).message;
        log(`load test FAILED: ${result.loadError}`);
      }
    });

  // 5. The storage's own floor. The load test closed this process's pool while the app ran: a new one.
  const { pool: again } = await getDb();
  const events = await again.query<{ id: string; project: string }>(
    "select u.id::text, u.project_id::text as project from uploads u join projects p on p.id = u.project_id where p.slug = $1 and u.kind = 'events' and u.status = 'stored'",
    [slug],
  );
  if (events.rows[0]) await phase("storage floor", () => storageFloor(again, events.rows[0]!.project, events.rows[0]!.id));
} finally {
  if (!keep) await (await getDb()).pool.query(`drop table if exists ${bare}`).catch(() => {});
  if (created && !keep) await phase("cleanup", () => removeProject(slug));
  else if (created) log(`kept project ${slug} and table ${bare} (--keep)`);
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
  await closeDb();
}
process.exit(0);

/** Step 5: the events upload's rows copied out as stored and back into a bare table like `events`, then given each of its indexes. */
async function storageFloor(pool: Db["pool"], project: string, upload: string) {
  const floor = `bench_suite_floor_${Date.now().toString(36)}`;
  const file = `${data.events.file}.${target}-floor.copy`;
  const psql = (command: string) => execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", command], { stdio: ["ignore", "ignore", "inherit"] });
  const timed = async (work: () => unknown) => {
    const started = performance.now();
    await work();
    return Math.round((performance.now() - started) / 10) / 100;
  };
  try {
    psql(`\\copy (select * from events where project_id = '${project}' and upload_id = ${Number(upload)}) to '${file}'`);
    await pool.query(`create table ${floor} (like events including defaults)`);
    await pool.query("checkpoint");
    const copySeconds = await timed(() => psql(`\\copy ${floor} from '${file}'`));
    const { rows } = await pool.query<{ def: string }>("select indexdef as def from pg_indexes where schemaname = 'public' and tablename = 'events' order by indexname");
    const indexSeconds = [];
    for (const { def } of rows) indexSeconds.push(await timed(() => pool.query(def.replace(/^CREATE INDEX \S+ ON (ONLY )?public\.events /, `create index on ${floor} `))));
    result.floor = { copySeconds, indexSeconds };
    const total = copySeconds + indexSeconds.reduce((a, b) => a + b, 0);
    log(`the events' own table: COPY ${copySeconds} s, its ${indexSeconds.length} indexes ${indexSeconds.join(" + ")} s; ${fmt(total)} s, ${(result.copy.seconds / total).toFixed(2)} of the bare \\copy`);
  } finally {
    await pool.query(`drop table if exists ${floor}`);
    fs.rmSync(file, { force: true });
  }
}
