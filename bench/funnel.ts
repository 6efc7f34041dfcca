/**
 * npm run bench:funnel [-- --keep] [-- --events <n>] [-- --project <slug>] — a 4-step funnel with a 7-day window on a
 * 10M-event project, side by side with the physical limit and the analyst's alternative, in one run on the same seeded
 * file:
 *   1. the retention benchmark's seeded product (bench/retention-data.ts) written as an events CSV (Europe/London);
 *   2. the physical limit: `psql \copy` of the file into a bare table on the same server;
 *   3. the app: the file loaded through the import path (a child process with the CLI's heap cap), then the funnel
 *      Open app → View item → Add to cart → Purchase (entering in the last 12 weeks of the data, 7-day window) with
 *      the result cache off — cold (the first after the upload), then three more — and once with a breakdown;
 *   4. the analyst's alternative: DuckDB (@duckdb/node-api, 2 threads) reading the same CSV, then the same funnel
 *      written as an analyst would, cold and warm;
 *   5. the same counts from both, and EXPLAIN (ANALYZE, BUFFERS) of the app's funnel statement in .data/bench/.
 * Runs on the app's own database: the embedded server unless DATABASE_URL names another. `--project` reuses a project
 * kept by an earlier run with `--keep` (the seeded file is the same for the same `--events`): steps 2 and 3 are
 * skipped, so the funnel alone is timed again in about a minute; "cold" is then the first run of this process.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { runReport } from "@/lib/data/reports";
import { closeDb, getDb } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/connection";
import { stopEmbeddedServer } from "@/lib/db/embedded-server";
import type { FunnelResult } from "@/lib/reports/funnel/definition";
import type { RawParams } from "@/lib/reports/params";
import { addDays } from "@/lib/reports/periods";
import { loadFile } from "./load-file";
import { generateRetentionData } from "./retention-data";
import { explain, printPlan, removeProject, serverSettings } from "./retention-db";
import { duckFunnelSql } from "./suite-duckdb";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const eventsArg = args.indexOf("--events");
const projectArg = args.indexOf("--project");
const keptProject = projectArg >= 0 ? args[projectArg + 1] : undefined;
const EVENTS = Number(eventsArg >= 0 ? args[eventsArg + 1] : 10_000_000);
const TIMEZONE = "Europe/London";
const STEPS = ["Open app", "View item", "Add to cart", "Purchase"];
const REPEATS = 3;
const childEnv = { ...process.env };

const fmt = (n: number) => n.toLocaleString("en-US");
const ms = (n: number) => `${fmt(Math.round(n))} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function timeFunnel(slug: string, params: RawParams) {
  const started = performance.now();
  const output = await runReport(cliActor, slug, "funnel", params);
  const result = output.result as FunnelResult;
  return { ms: performance.now() - started, statement: output.queries.find((q) => q.label === "Funnel")?.ms ?? 0, counts: result.groups[0]!.steps.map((s) => s.people), groups: result.groups.length };
}

/** The same funnel as an analyst writes it for DuckDB (bench/suite-duckdb.ts): the file's times have no zone. */
const duckFunnel = (fromDay: string, toDay: string, asOfDay: string) =>
  duckFunnelSql({ steps: STEPS, fromDay, toDay, asOfDay, windowDays: 7, local: "t", instant: "t" });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journeylens-bench-funnel-"));
const slug = keptProject ?? `bench-funnel-${Date.now()}`;
const summary: [string, string, string][] = [];
let created = false;
try {
  console.log(`Generating ${fmt(EVENTS)} events in ${dir} …`);
  const data = generateRetentionData(dir, EVENTS);
  console.log(`  ${fmt(data.events)} events, ${fmt(data.people)} people, ${data.firstDay} to ${data.lastDay}; events.csv ${mb(data.eventBytes)}; ${data.seconds.toFixed(1)} s`);
  const asOfDay = data.lastDay;
  const fromDay = addDays(asOfDay, -90);
  const toDay = addDays(asOfDay, -7);
  const params: RawParams = { step: STEPS, window: "7d", from: fromDay, to: toDay, as_of: asOfDay };

  const url = await resolveDatabaseUrl();
  const { pool } = await getDb();
  pool.on("error", () => {});
  console.log(`\nServer: ${await serverSettings()}`);
  let started = performance.now();

  if (!keptProject) {
    // The physical limit: the file copied into a bare table of the same shape, no index, by psql.
    const bare = `bench_funnel_bare_${Date.now()}`;
    await pool.query(`create unlogged table ${bare} (person text, time timestamp, name text, session text, category text, duration_s int, price numeric)`);
    started = performance.now();
    execFileSync("psql", [url, "-q", "-c", `\\copy ${bare} from '${data.eventsFile}' csv header`], { stdio: "inherit" });
    const copySeconds = (performance.now() - started) / 1000;
    await pool.query(`drop table ${bare}`);
    console.log(`  psql \\copy into a bare table: ${copySeconds.toFixed(1)} s (${fmt(Math.round(data.events / copySeconds))} rows/s)`);
    summary.push(["psql \\copy, bare table (physical limit)", `${copySeconds.toFixed(1)} s`, `${fmt(Math.round(data.events / copySeconds))} rows/s`]);

    await createProject(cliActor, { slug, name: "Funnel benchmark", timezone: TIMEZONE });
    created = true;
    console.log(`\nLoading ${slug} through the import path …`);
    const people = await loadFile(data.peopleFile, slug, "people", childEnv);
    const events = await loadFile(data.eventsFile, slug, "events", childEnv);
    console.log(`  events: ${fmt(events.rowsStored)} rows in ${events.seconds} s (${fmt(events.rowsPerSecond)} rows/s), peak RSS ${events.maxRssMB} MB`);
    summary.push(["app import (people, then events)", `${people.seconds} s + ${events.seconds} s`, `${fmt(events.rowsPerSecond)} events/s, peak RSS ${events.maxRssMB} MB`]);
  }

  console.log(`\nFunnel ${STEPS.join(" → ")}, entering ${fromDay} to ${toDay}, 7-day window, cache off:`);
  process.env.JOURNEYLENS_REPORT_CACHE = "off";
  const runs = [];
  for (let i = 0; i <= REPEATS; i++) {
    const t = await timeFunnel(slug, params);
    runs.push(t);
    console.log(`  ${i === 0 ? "cold (first after the upload)" : `repeat ${i}`}: ${ms(t.ms)} (statement ${ms(t.statement)}); people ${t.counts.map(fmt).join(" → ")}`);
  }
  const breakdown = await timeFunnel(slug, { ...params, breakdown: "person.plan" });
  console.log(`  breakdown by person.plan: ${ms(breakdown.ms)} (${breakdown.groups - 1} values)`);
  delete process.env.JOURNEYLENS_REPORT_CACHE;
  summary.push(["app funnel, cold", ms(runs[0]!.ms), `statement ${ms(runs[0]!.statement)}; ${runs[0]!.counts.map(fmt).join(" → ")}`]);
  summary.push([`app funnel, repeats (${REPEATS})`, runs.slice(1).map((r) => ms(r.ms)).join(", "), "uncached"]);
  summary.push(["app funnel, breakdown by plan", ms(breakdown.ms), "uncached"]);

  console.log("\nDuckDB (@duckdb/node-api, 2 threads) on the same CSV:");
  const duck = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await duck.connect();
  started = performance.now();
  await connection.run(
    `create table events as select person, time::timestamp as t, name from read_csv('${data.eventsFile}', header = true, columns = {'person': 'VARCHAR', 'time': 'VARCHAR', 'name': 'VARCHAR', 'session': 'VARCHAR', 'category': 'VARCHAR', 'duration_s': 'VARCHAR', 'price': 'VARCHAR'})`,
  );
  const duckLoad = (performance.now() - started) / 1000;
  console.log(`  load: ${duckLoad.toFixed(1)} s`);
  const duckRuns: { ms: number; counts: number[] }[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    started = performance.now();
    const reader = await connection.runAndReadAll(duckFunnel(fromDay, toDay, asOfDay));
    const row = reader.getRowObjects()[0]!;
    duckRuns.push({ ms: performance.now() - started, counts: STEPS.map((_, k) => Number(row[`step${k + 1}`])) });
    console.log(`  ${i === 0 ? "first" : `repeat ${i}`}: ${ms(duckRuns.at(-1)!.ms)}; people ${duckRuns.at(-1)!.counts.map(fmt).join(" → ")}`);
  }
  connection.closeSync();
  summary.push(["DuckDB load of the CSV", `${duckLoad.toFixed(1)} s`, "2 threads, in memory"]);
  summary.push(["DuckDB funnel, first", ms(duckRuns[0]!.ms), duckRuns[0]!.counts.map(fmt).join(" → ")]);
  summary.push([`DuckDB funnel, repeats (${REPEATS})`, duckRuns.slice(1).map((r) => ms(r.ms)).join(", "), ""]);
  const ratio = runs[0]!.ms / duckRuns[0]!.ms;
  const same = JSON.stringify(runs[0]!.counts) === JSON.stringify(duckRuns[0]!.counts);
  summary.push(["app cold ÷ DuckDB first", ratio.toFixed(2), `${ratio <= 2 ? "within" : "OVER"} the 2× target; counts ${same ? "equal" : "DIFFER"}`]);

  const sql = (await runReport(cliActor, slug, "funnel", { ...params, as_of: `${asOfDay}T23:59:58` })).queries.find((q) => q.label === "Funnel")?.sql;
  if (sql) printPlan("EXPLAIN (ANALYZE, BUFFERS) of the funnel statement", sql, await explain(sql, true), `${slug}-analyze.txt`);
} finally {
  if (created && !keep) {
    console.log(`\nRemoving ${slug} …`);
    await removeProject(slug);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log("\n| step | figure | notes |\n|---|---|---|");
  for (const [step, figure, notes] of summary) console.log(`| ${step} | ${figure} | ${notes} |`);
  await closeDb();
  await stopEmbeddedServer();
}
