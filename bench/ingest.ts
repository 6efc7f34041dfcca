/**
 * npm run bench:ingest — the import path against psql's \copy on the same 1,000,000-row events file, in a database
 * of the benchmark's own (on the embedded server, or on BENCH_DATABASE_URL's server), dropped afterwards.
 *   1. the app's import into a fresh project, timed until commit (in a child process, for its peak RSS);
 *   2. the same file again into that project, now holding 1M events (forced past the duplicate check);
 *   3. psql \copy into a bare table with the file's columns;
 *   4. psql \copy into a table with the events table's indexes (one project, as in the import), then again into that
 *      table, now holding 1M rows, to compare with 2.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createDatabaseIfMissing, dropDatabase } from "@/lib/db/connection";
import { ensureEmbeddedServer, stopEmbeddedServer } from "@/lib/db/embedded-server";
import { applyMigrations } from "@/lib/db/migrate";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = path.resolve(".data/bench");
const file = path.join(dir, `events-${ROWS}.csv`);

/** Seeded (mulberry32), so every run loads the same bytes. */
function generate() {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dir, { recursive: true });
  let seed = 20261123;
  const rand = () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const names = ["View product", "Add to cart", "Order", "Return", "Search"];
  const categories = ["Tops", "Dresses", "Jeans", "Shoes", "Accessories", "Outerwear"];
  const start = Date.UTC(2025, 0, 1);
  const out = fs.openSync(file, "w");
  let buffer = "person,time,name,session,category,Quantity,Price\n";
  for (let i = 0; i < ROWS; i++) {
    const person = `u${Math.floor(rand() * 50_000)}`;
    const time = new Date(start + Math.floor(rand() * 365 * 86_400_000)).toISOString().slice(0, 19).replace("T", " ");
    buffer += `${person},${time},${names[Math.floor(rand() * names.length)]},s${Math.floor(rand() * 400_000)},${categories[Math.floor(rand() * categories.length)]},${1 + Math.floor(rand() * 4)},${(5 + rand() * 95).toFixed(2)}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(out, buffer);
      buffer = "";
    }
  }
  fs.writeSync(out, buffer);
  fs.closeSync(out);
}

function psql(url: string, command: string) {
  const started = performance.now();
  execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", command], { stdio: ["ignore", "ignore", "inherit"] });
  return (performance.now() - started) / 1000;
}

function psqlValue(url: string, query: string) {
  return execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", query], { encoding: "utf8" }).trim();
}

function importChild(url: string, slug: string) {
  const child = spawnSync("node_modules/.bin/tsx", ["--conditions=react-server", "bench/ingest-child.ts", file, slug], {
    // The heap cap bin/journeylens gives the import command, so the peak RSS is the CLI's; the phase timings on stderr.
    env: {
      ...process.env,
      DATABASE_URL: url,
      JOURNEYLENS_DEBUG_IMPORT: "1",
      NODE_OPTIONS: `--max-old-space-size=128${process.env.NODE_OPTIONS ? ` ${process.env.NODE_OPTIONS}` : ""}`,
    },
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(child.stderr);
  const phases = [...child.stderr.matchAll(/^import: (.+) ([\d.]+) s$/gm)].map((m) => `${m[1]} ${m[2]} s`);
  const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { seconds: number; rowsPerSecond: number; maxRssMB: number; events: number };
  return { ...result, phases };
}

generate();
const adminUrl = process.env.BENCH_DATABASE_URL ?? (await ensureEmbeddedServer());
const name = `jl_bench_${Date.now().toString(36)}`;
await createDatabaseIfMissing(adminUrl, name);
const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
try {
  await applyMigrations(url);
  execFileSync("./bin/journeylens", ["project", "create", "bench", "--timezone", "UTC"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
  const mb = fs.statSync(file).size / 1024 / 1024;
  console.log(`File: ${ROWS.toLocaleString("en-US")} rows, ${mb.toFixed(1)} MB (${file})`);

  const fresh = importChild(url, "bench");
  console.log(`  app import, fresh project: ${fresh.phases.join(", ")}`);
  const filled = importChild(url, "bench");
  console.log(`  app import, project holding 1M: ${filled.phases.join(", ")}`);
  console.log(`  rollup rows after both: ${psqlValue(url, "select string_agg(t || ' ' || n, ', ') from (select 'activity_masks' as t, count(*) as n from activity_masks union all select 'activity_people', count(*) from activity_people) x")}`);

  psql(url, "create table bench_bare (person text, time timestamp, name text, session text, category text, quantity numeric, price numeric)");
  const bare = psql(url, `\\copy bench_bare from '${file}' with (format csv, header true)`);
  psql(
    url,
    `create table bench_indexed (project_id uuid not null default '00000000-0000-0000-0000-000000000001', person text not null, id bigserial, time timestamptz, name text, session text,
       category text, quantity numeric, price numeric, upload_id bigint default 1, primary key (project_id, person, id));
     create index on bench_indexed (project_id, time); create index on bench_indexed (project_id, name, time);
     create index on bench_indexed using brin (upload_id);`,
  );
  const copyIndexed = `\\copy bench_indexed (person, time, name, session, category, quantity, price) from '${file}' with (format csv, header true)`;
  const indexed = psql(url, copyIndexed);
  // The app's second run goes into a table already holding 1M rows; so does this second \copy.
  const indexedFilled = psql(url, copyIndexed);

  const rate = (s: number) => Math.round(ROWS / s);
  const rows = [
    ["app import, fresh project", fresh.seconds, fresh.rowsPerSecond],
    ["app import, project holding 1M", filled.seconds, filled.rowsPerSecond],
    ["psql \\copy, bare table", bare, rate(bare)],
    ["psql \\copy, indexed events-like table", indexed, rate(indexed)],
    ["psql \\copy, indexed events-like table holding 1M", indexedFilled, rate(indexedFilled)],
  ] as const;
  console.log("\n| load | seconds | rows/s |\n|---|---|---|");
  for (const [label, s, r] of rows) console.log(`| ${label} | ${s.toFixed(2)} | ${r.toLocaleString("en-US")} |`);
  console.log(`\nratio to \\copy indexed: fresh ${(fresh.rowsPerSecond / rate(indexed)).toFixed(2)}, filled ${(filled.rowsPerSecond / rate(indexedFilled)).toFixed(2)} (each against \\copy into a table as full)`);
  console.log(`ratio to \\copy bare:    fresh ${(fresh.rowsPerSecond / rate(bare)).toFixed(2)}, filled ${(filled.rowsPerSecond / rate(bare)).toFixed(2)}`);
  console.log(`peak RSS of the import: fresh ${fresh.maxRssMB} MB, filled ${filled.maxRssMB} MB`);
} finally {
  await dropDatabase(adminUrl, name);
  await stopEmbeddedServer();
}
