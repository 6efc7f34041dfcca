/**
 * npm run bench [-- --events <n>] [-- --only embedded|server] [-- --skip-load] [-- --keep] [-- --seconds 60]
 *   [-- --connections 50] — the speed suite: for each size (1M and 10M events, or the one --events names),
 *   1. the seeded project's files (bench/suite-data.ts: events, people, page journeys, campaign sends with a holdout,
 *      spend), written once to .data/bench/suite-<n>/ and reused;
 *   2. DuckDB (bench/suite-duckdb.ts) over the same files: each report cold and repeated, with its numbers;
 *   3. on the embedded database and on the server named by BENCH_DATABASE_URL (stock settings, JIT as shipped), each
 *      in a process of its own (bench/suite-target.ts): psql \copy against the app's import, each report cold and
 *      repeated with the result cache off, and a dashboard of the six reports under load;
 *   4. each report's numbers from the app checked against DuckDB's (a mismatch is printed and marked in the table).
 * Writes bench/results/<date>.json and <date>.md (the tables) and prints the tables. BENCH_DATABASE_URL names the
 * database to use (created when missing); without it, give --only embedded. --keep keeps the projects, the bare
 * tables and the generated files; otherwise the files this run wrote are removed at the end. The load test needs a build
 * (npx next build); --skip-load skips it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabaseIfMissing } from "@/lib/db/connection";
import { ensureEmbeddedServer, stopEmbeddedServer } from "@/lib/db/embedded-server";
import { requireBuild } from "./load-test";
import { suiteData, SUITE_TIMEZONE, type SuiteData } from "./suite-data";
import { runDuckDb } from "./suite-duckdb";
import { compareFigures, suiteBounds, SUITE_REPORTS, type Comparison } from "./suite-reports";
import { markdown, type SizeResult, type SuiteResult, type TargetResult } from "./suite-results";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const sizes = option("events") ? [Number(option("events"))] : [1_000_000, 10_000_000];
const only = option("only") as "embedded" | "server" | undefined;
const keep = args.includes("--keep");
const skipLoad = args.includes("--skip-load");
const seconds = Number(option("seconds") ?? 60);
const connections = Number(option("connections") ?? 50);
const serverUrl = process.env.BENCH_DATABASE_URL;

if (sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error("--events is a whole number of events, at least 1000.");
if (only && only !== "embedded" && only !== "server") throw new Error("--only is embedded or server.");
const targets = (["embedded", "server"] as const).filter((t) => !only || t === only);
if (targets.includes("server") && !serverUrl) {
  console.error("Set BENCH_DATABASE_URL to the server to measure (postgres://user@host:5432/database), or give --only embedded.");
  process.exit(1);
}
if (!skipLoad) requireBuild();

const started = performance.now();
const date = new Date().toISOString();
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
const secondsSince = (t: number) => Math.round((performance.now() - t) / 100) / 10;
const root = path.resolve(".data/bench");
const result: SuiteResult = {
  date,
  machine: {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load: os.loadavg().map((l) => Math.round(l * 100) / 100),
  },
  options: { sizes, targets: [...targets], skipLoad, seconds, connections, timezone: SUITE_TIMEZONE },
  sizes: [],
  seconds: 0,
};

/** One database's part, in a process of its own; its figures come back through a file. */
function runTarget(target: "embedded" | "server", data: SuiteData): Promise<TargetResult> {
  const out = path.join(data.dir, `result-${target}-${Date.now()}.json`);
  const manifest = path.join(data.dir, "manifest.json");
  const env = { ...process.env };
  if (target === "server") env.DATABASE_URL = serverUrl;
  else delete env.DATABASE_URL;
  const child = spawn(
    "node_modules/.bin/tsx",
    [
      "--conditions=react-server", "bench/suite-target.ts", "--target", target, "--data", manifest, "--out", out,
      "--seconds", String(seconds), "--connections", String(connections), ...(keep ? ["--keep"] : []), ...(skipLoad ? ["--skip-load"] : []),
    ],
    { env, stdio: ["ignore", "inherit", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      if (!fs.existsSync(out)) return reject(new Error(`The ${target} run failed (exit ${code}).`));
      const r = JSON.parse(fs.readFileSync(out, "utf8")) as TargetResult;
      fs.rmSync(out);
      resolve(r);
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

let startedEmbedded = false;
const generated: string[] = [];
try {
  if (targets.includes("embedded")) {
    // Started here, so that it lives across the processes of the embedded run.
    await ensureEmbeddedServer();
    startedEmbedded = true;
  }
  if (targets.includes("server")) {
    // The database BENCH_DATABASE_URL names, created on its server when it is not there.
    const url = new URL(serverUrl!);
    const name = url.pathname.slice(1);
    if (name) await createDatabaseIfMissing(Object.assign(new URL(serverUrl!), { pathname: "/postgres" }).toString(), name);
  }
  for (const events of sizes) {
    const phases: Record<string, number> = {};
    console.log(`\n=== ${fmt(events)} events ===`);
    let t = performance.now();
    const { data, reused } = suiteData(root, events);
    phases.generate = secondsSince(t);
    if (!reused) generated.push(data.dir);
    console.log(
      `Files in ${path.relative(process.cwd(), data.dir)} (${reused ? "reused" : `generated in ${data.seconds} s`}): ${fmt(data.events.rows)} events of ${fmt(data.people.rows)} people` +
        ` (${data.firstDay} to ${data.lastDay}), ${fmt(data.journeys.pages)} pages in ${fmt(data.journeys.rows)} journeys, ${fmt(data.sends.rows)} campaign sends` +
        ` (${data.sends.campaigns} campaigns, ${fmt(data.sends.holdout)} held out), ${fmt(data.spend.rows)} spend rows`,
    );

    console.log("\nDuckDB over the same files:");
    t = performance.now();
    const bounds = suiteBounds(data.lastDay);
    const duck = await runDuckDb(data, bounds, SUITE_TIMEZONE, SUITE_REPORTS.map((s) => s.id), (line) => console.log(line));
    phases.duckdb = secondsSince(t);

    const size: SizeResult = { events, data, reusedFiles: reused, duck, targets: [], phases };
    result.sizes.push(size);
    for (const target of targets) {
      console.log(`\nThe app on the ${target === "embedded" ? "embedded database" : "server named by BENCH_DATABASE_URL"}:`);
      t = performance.now();
      const r = await runTarget(target, data);
      phases[target] = secondsSince(t);
      const comparisons: Record<string, Comparison> = {};
      for (const spec of SUITE_REPORTS) {
        const app = r.reports[spec.id]?.figures;
        const d = duck.reports[spec.id]?.figures;
        if (!app || !d) continue;
        const c = compareFigures(app, d);
        comparisons[spec.id] = c;
        if (c.mismatches.length) {
          console.log(`  MISMATCH ${spec.id}: ${c.mismatches.length} of ${c.compared} numbers differ between the app (${target}) and DuckDB:`);
          for (const m of c.mismatches.slice(0, 10)) console.log(`    ${m.key}: app ${m.app ?? "(none)"}, DuckDB ${m.duck ?? "(none)"}`);
        } else console.log(`  ${spec.id}: all ${c.compared} numbers equal to DuckDB's`);
      }
      size.targets.push({ ...r, comparisons });
      const app = (id: string) => r.reports[id];
      for (const spec of SUITE_REPORTS) {
        const a = app(spec.id);
        const dk = duck.reports[spec.id];
        if (!a || a.error || !dk || dk.error) continue;
        console.log(`  ${spec.id.padEnd(16)} app ÷ DuckDB: cold ${(a.coldMs / dk.coldMs).toFixed(1)}×, repeated ${(median(a.repeatMs) / median(dk.repeatMs)).toFixed(1)}×`);
      }
    }
  }
} finally {
  if (startedEmbedded) await stopEmbeddedServer();
  if (!keep) for (const dir of generated) fs.rmSync(dir, { recursive: true, force: true });
}

result.seconds = secondsSince(started);
const table = markdown(result);
fs.mkdirSync("bench/results", { recursive: true });
const stamp = date.slice(0, 19).replace(/[:T]/g, "-");
fs.writeFileSync(`bench/results/${stamp}.json`, JSON.stringify(result, null, 2) + "\n");
fs.writeFileSync(`bench/results/${stamp}.md`, table);
console.log(`\n${table}\nWritten to bench/results/${stamp}.json and .md (${fmt(result.seconds)} s in all).`);
process.exit(0);
