/**
 * npm run bench:retention [-- --keep] [-- --events <n>] — what a user of a 10M-event project gets from retention:
 *   1. a seeded 18-month product (bench/retention-data.ts) written as events and people CSVs to a temp folder;
 *   2. a fresh project (Europe/London) loaded through the app's import path, people then events, each in a child
 *      process with the CLI's heap cap (bench/retention-load.ts), the rollup maintained inside each upload;
 *   3. the monthly 12-period heatmap right after the upload with the result cache off (cold: the bench runs no ANALYZE
 *      of its own, the statistics are whatever the upload and autovacuum left), again uncached, then with the cache on
 *      (the first fills it, the rest are warm);
 *   4. other shapes once each, uncached: weekly, elapsed counting, a plan breakdown, a named returning event;
 *   5. plans: the heatmap matrix's as the cold run gets it (EXPLAIN just before it), a timed-out shape's, and
 *      EXPLAIN (ANALYZE, BUFFERS) of the heatmap's matrix and reactivation statements at the end (in .data/bench/);
 *   6. the project's rows removed (unless --keep), then a summary table.
 * Runs on the app's own database: the embedded server unless DATABASE_URL names another (JOURNEYLENS_DATA_DIR gives
 * the embedded server a folder of its own, away from other processes using the default one). A report statement
 * running longer than BENCH_QUERY_TIMEOUT_S (300) is cancelled and reported as timed out.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { runReport } from "@/lib/data/reports";
import { closeDb, getDb } from "@/lib/db/client";
import { stopEmbeddedServer } from "@/lib/db/embedded-server";
import type { RawParams } from "@/lib/reports/params";
import { loadFile } from "./load-file";
import { generateRetentionData } from "./retention-data";
import { describeStats, explain, printPlan, removeProject, serverSettings, statementSql, tableStats, untilIdle } from "./retention-db";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const eventsArg = args.indexOf("--events");
const EVENTS = Number(eventsArg >= 0 ? args[eventsArg + 1] : 10_000_000);
const COLD_TARGET_MS = 2000;
const WARM_TARGET_MS = 100;
const UNCACHED_REPEATS = 3;
const WARM_RUNS = 7;
const TIMEZONE = "Europe/London";
const QUERY_TIMEOUT_S = Number(process.env.BENCH_QUERY_TIMEOUT_S ?? 300);
// pg reads PGOPTIONS for every connection this process opens; the import children get the environment without it.
const childEnv = { ...process.env };
const load = (file: string, slug: string, kind: "events" | "people") => loadFile(file, slug, kind, childEnv);
process.env.PGOPTIONS = `-c statement_timeout=${QUERY_TIMEOUT_S * 1000}${process.env.PGOPTIONS ? ` ${process.env.PGOPTIONS}` : ""}`;

type Timing = {
  label: string;
  ms: number;
  timedOut: boolean;
  boundsMs: number | null;
  matrixMs: number | null;
  reactivationMs: number | null;
  cached: boolean;
  source: string;
};

const fmt = (n: number) => n.toLocaleString("en-US");
const ms = (n: number | null) => (n === null ? "–" : `${fmt(Math.round(n))} ms`);
/** The report's statements: the bounds first, then the matrix and reactivation side by side on two connections. */
const describeStatements = (t: Timing) => `bounds ${ms(t.boundsMs)}, matrix ${ms(t.matrixMs)}, reactivation ${ms(t.reactivationMs)}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const clock = () => new Date().toISOString().slice(11, 19);
const rssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Runs the report once and prints its time, with the wall-clock start (to compare with when autovacuum analyzed). */
async function timeReport(slug: string, label: string, params: RawParams): Promise<Timing> {
  const at = clock();
  const started = performance.now();
  let output;
  try {
    output = await runReport(cliActor, slug, "retention", params);
  } catch (error) {
    if ((error as { code?: string }).code !== "57014") throw error;
    const elapsed = performance.now() - started;
    console.log(`  ${at} ${label.padEnd(34)} ${ms(elapsed).padStart(10)}  TIMED OUT (statement_timeout ${QUERY_TIMEOUT_S} s)`);
    await untilIdle();
    return { label, ms: elapsed, timedOut: true, boundsMs: null, matrixMs: null, reactivationMs: null, cached: false, source: "–" };
  }
  const elapsed = performance.now() - started;
  const query = (name: string) => output.queries.find((q) => q.label === name)?.ms ?? null;
  const timing: Timing = {
    label,
    ms: elapsed,
    timedOut: false,
    boundsMs: query("Bounds"),
    matrixMs: query("Retention matrix"),
    reactivationMs: query("Reactivation and churn"),
    cached: output.cached,
    source: output.result.source,
  };
  const statements = output.cached ? "from the cache" : describeStatements(timing);
  console.log(`  ${at} ${label.padEnd(34)} ${ms(elapsed).padStart(10)}  (${statements}; ${output.result.source})`);
  if (label.startsWith("cold")) {
    const everyone = output.result.groups[0];
    console.log(`    cohorts: ${everyone?.cohorts.map((c) => `${c.cohort.slice(0, 7)} ${fmt(c.size)}`).join(", ")}`);
    console.log(`    average retention by month: ${everyone?.average.map((r) => (r === null ? "–" : `${(r * 100).toFixed(1)}%`)).join(" ")}`);
  }
  return timing;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journeylens-bench-ret-"));
const slug = `bench-ret-${Date.now()}`;
const summary: [string, string, string][] = [];
const verdict = (value: number, target: number) => `${value < target ? "within" : "OVER"} target < ${fmt(target)} ms`;
let created = false;
try {
  console.log(`Generating ${fmt(EVENTS)} events in ${dir} …`);
  const data = generateRetentionData(dir, EVENTS);
  console.log(
    `  ${fmt(data.events)} events (${fmt(data.modelled)} modelled, sampled down), ${fmt(data.people)} people, ${data.firstDay} to ${data.lastDay} local;` +
      ` events.csv ${mb(data.eventBytes)}, people.csv ${mb(data.peopleBytes)}; ${data.seconds.toFixed(1)} s; bench peak RSS ${rssMB()} MB`,
  );
  summary.push(["generate", `${data.seconds.toFixed(1)} s`, `${fmt(data.events)} events, ${fmt(data.people)} people, ${mb(data.eventBytes + data.peopleBytes)}`]);

  await createProject(cliActor, { slug, name: "Retention benchmark", timezone: TIMEZONE });
  created = true;
  const { pool } = await getDb();
  // A statement cancelled by the timeout or ended by the server's stop must not crash the bench from an idle client.
  pool.on("error", () => {});
  console.log(`\nProject ${slug} (${TIMEZONE}); ${await serverSettings()}`);

  console.log("\nLoading through importUpload (CLI actor, heap cap 128 MB) …");
  const people = await load(data.peopleFile, slug, "people");
  console.log(`  people: ${fmt(people.rowsStored)} rows in ${people.seconds} s (${fmt(people.rowsPerSecond)} rows/s), peak RSS ${people.maxRssMB} MB`);
  const events = await load(data.eventsFile, slug, "events");
  console.log(`  events: ${fmt(events.rowsStored)} rows in ${events.seconds} s (${fmt(events.rowsPerSecond)} rows/s), peak RSS ${events.maxRssMB} MB`);
  const { rows } = await pool.query<{ masks: number; people: number }>(
    `select (select count(*)::int from activity_masks where project_id = p.id) as masks, (select count(*)::int from activity_people where project_id = p.id) as people
     from projects p where slug = $1`,
    [slug],
  );
  console.log(`  rollup rows: activity_masks ${fmt(rows[0]?.masks ?? 0)}, activity_people ${fmt(rows[0]?.people ?? 0)}`);
  summary.push(["load people", `${people.seconds} s`, `${fmt(people.rowsPerSecond)} rows/s, peak RSS ${people.maxRssMB} MB`]);
  summary.push(["load events", `${events.seconds} s`, `${fmt(events.rowsPerSecond)} rows/s, peak RSS ${events.maxRssMB} MB; ${events.phases.join(", ")}`]);

  const asOf = new Date(Date.parse(`${data.lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const heatmap: RawParams = { period: "month", periods: "12", cohort: "first", return: "any", as_of: asOf };
  console.log(`\nMonthly 12-period heatmap (cohort=first, return=any, as_of=${asOf}), right after the upload:`);
  console.log(`  ${clock()} statistics: ${describeStats(await tableStats())}`);
  // The plan the first query will get, taken just before it: a plan is fixed when a statement starts, and autovacuum
  // may analyze the tables while the cold run is under way. A plain EXPLAIN reads no table data.
  const heatmapSql = await statementSql(slug, heatmap, "matrix");
  printPlan("EXPLAIN of the heatmap's matrix statement, just before the cold run", heatmapSql, await explain(heatmapSql, false), `${slug}-cold-plan.txt`);
  console.log("");
  process.env.JOURNEYLENS_REPORT_CACHE = "off";
  const cold = await timeReport(slug, "cold (first after the upload)", heatmap);
  console.log(`  ${clock()} statistics: ${describeStats(await tableStats())}`);
  const uncached: Timing[] = [];
  for (let i = 1; i <= UNCACHED_REPEATS; i++) uncached.push(await timeReport(slug, `uncached repeat ${i}`, heatmap));
  delete process.env.JOURNEYLENS_REPORT_CACHE;
  const fill = await timeReport(slug, "cache on, first (fills the cache)", heatmap);
  const warm: Timing[] = [];
  for (let i = 1; i <= WARM_RUNS; i++) warm.push(await timeReport(slug, `warm ${i}`, heatmap));
  const statements = (t: Timing) => (t.timedOut ? `TIMED OUT at ${QUERY_TIMEOUT_S} s` : describeStatements(t));
  summary.push(["heatmap cold (first after upload)", ms(cold.ms), `${verdict(cold.ms, COLD_TARGET_MS)}; ${statements(cold)}`]);
  for (const t of uncached) summary.push([`heatmap ${t.label}`, ms(t.ms), `${verdict(t.ms, COLD_TARGET_MS)}; ${statements(t)}`]);
  summary.push(["heatmap cache on, first (fill)", ms(fill.ms), statements(fill)]);
  const warmMedian = median(warm.map((t) => t.ms));
  summary.push([`heatmap warm (median of ${WARM_RUNS})`, ms(warmMedian), `${verdict(warmMedian, WARM_TARGET_MS)}; ${warm.every((t) => t.cached) ? "all from the cache" : "NOT all from the cache"}`]);

  console.log("\nOther shapes, uncached, once each:");
  process.env.JOURNEYLENS_REPORT_CACHE = "off";
  const shapes: [string, RawParams][] = [
    ["weekly, 12 periods", { ...heatmap, period: "week", periods: "12" }],
    ["monthly, counting=elapsed", { ...heatmap, counting: "elapsed" }],
    ["monthly, breakdown=plan", { ...heatmap, breakdown: "plan" }],
    ["monthly, return=Purchase (events)", { ...heatmap, return: "Purchase" }],
  ];
  const timedOut: { label: string; sql: string; plan: string[] | null }[] = [];
  for (const [label, params] of shapes) {
    // Planned just before the run, to show it if the run times out.
    const sql = await statementSql(slug, params, "matrix");
    const plan = await explain(sql, false);
    const t = await timeReport(slug, label, params);
    summary.push([label, ms(t.ms), `${statements(t)}${t.timedOut ? "" : `; ${t.source}`}`]);
    if (t.timedOut) timedOut.push({ label, sql, plan });
  }
  delete process.env.JOURNEYLENS_REPORT_CACHE;
  console.log(`  ${clock()} statistics now: ${describeStats(await tableStats())}`);
  for (const t of timedOut)
    printPlan(`EXPLAIN of the timed-out "${t.label}" matrix statement, planned before its run`, t.sql, t.plan, `${slug}-${t.label.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}-plan.txt`);
  for (const statement of ["matrix", "reactivation"] as const) {
    const sql = await statementSql(slug, heatmap, statement);
    printPlan(`EXPLAIN (ANALYZE, BUFFERS) of the heatmap's ${statement} statement, after the runs`, sql, await explain(sql, true), `${slug}-${statement}-analyze.txt`);
  }
} finally {
  if (created && !keep) {
    console.log(`\nRemoving ${slug} …`);
    const seconds = await removeProject(slug);
    summary.push(["remove project", `${seconds.toFixed(1)} s`, "delete … where project_id per table, then the project"]);
  } else if (created) console.log(`\nKept ${slug} (--keep).`);
  fs.rmSync(dir, { recursive: true, force: true });
  summary.push(["bench process peak RSS", `${rssMB()} MB`, "generation and queries; the imports ran in child processes"]);
  console.log("\n| step | figure | notes |\n|---|---|---|");
  for (const [step, figure, notes] of summary) console.log(`| ${step} | ${figure} | ${notes} |`);
  await closeDb();
  await stopEmbeddedServer();
}
