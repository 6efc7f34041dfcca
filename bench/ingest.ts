/**
 * npm run bench:ingest — the import path against psql's \copy on the same 1,000,000-row events file. This machine's
 * speed drifts by a quarter from one minute to the next, so the loads being compared run side by side, in rounds
 * (BENCH_ROUNDS, 3), each in a database of its own (on the embedded server, or on BENCH_DATABASE_URL's server),
 * dropped afterwards. A round:
 *   1. the app's import into a fresh project, timed until commit (in a child process, for its peak RSS), then psql
 *      \copy into a table with the events table's columns and indexes (one project, as in the import);
 *   2. the same file again into that project, now holding 1M events (forced past the duplicate check), then \copy
 *      again into that table, now holding 1M rows;
 *   3. psql \copy into a bare table with the file's columns.
 * Each ratio is of two loads of the same round; the summary gives each round's and their median.
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
    const person = `u${Math.floor(rand() * (ROWS / 20))}`; // about 20 events a person
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

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// The indexes of an events partition (prisma/migrations/…_events_by_project_and_segment).
const INDEXED_TABLE = `create table bench_indexed (project_id uuid not null default '00000000-0000-0000-0000-000000000001', person text not null,
    time timestamptz, name text, session text, category text, quantity numeric, price numeric, upload_id bigint default 1);
  create index on bench_indexed (person, time); create index on bench_indexed (name, time);
  create index on bench_indexed using brin (time); create index on bench_indexed using brin (upload_id);`;
const copyIndexed = `\\copy bench_indexed (person, time, name, session, category, quantity, price) from '${file}' with (format csv, header true)`;

type Round = { fresh: ReturnType<typeof importChild>; filled: ReturnType<typeof importChild>; indexed: number; indexedFilled: number; bare: number };

/** One round in a database of its own, each app load followed at once by the \copy it is compared with. */
async function round(adminUrl: string, n: number): Promise<Round> {
  const name = `jl_bench_${Date.now().toString(36)}_${n}`;
  await createDatabaseIfMissing(adminUrl, name);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  try {
    await applyMigrations(url);
    execFileSync("./bin/journeylens", ["project", "create", "bench", "--timezone", "UTC"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
    psql(url, INDEXED_TABLE);
    const fresh = importChild(url, "bench");
    const indexed = psql(url, copyIndexed);
    // The second app load goes into a project already holding 1M events; so does this second \copy.
    const filled = importChild(url, "bench");
    const indexedFilled = psql(url, copyIndexed);
    psql(url, "create table bench_bare (person text, time timestamp, name text, session text, category text, quantity numeric, price numeric)");
    const bare = psql(url, `\\copy bench_bare from '${file}' with (format csv, header true)`);
    console.log(`Round ${n}:`);
    console.log(`  app import, fresh project: ${fresh.phases.join(", ")}`);
    console.log(`  app import, project holding 1M: ${filled.phases.join(", ")}`);
    console.log(`  rollup rows after both: ${psqlValue(url, "select string_agg(t || ' ' || n, ', ') from (select 'activity_masks' as t, count(*) as n from activity_masks union all select 'activity_people', count(*) from activity_people) x")}`);
    return { fresh, filled, indexed, indexedFilled, bare };
  } finally {
    await dropDatabase(adminUrl, name);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (s: number) => Math.round(ROWS / s);

generate();
const adminUrl = process.env.BENCH_DATABASE_URL ?? (await ensureEmbeddedServer());
try {
  const mb = fs.statSync(file).size / 1024 / 1024;
  console.log(`File: ${ROWS.toLocaleString("en-US")} rows, ${mb.toFixed(1)} MB (${file}); ${ROUNDS} rounds`);
  const rounds: Round[] = [];
  for (let n = 1; n <= ROUNDS; n++) rounds.push(await round(adminUrl, n));

  console.log("\n| round | app, fresh | \\copy indexed | ratio | app, holding 1M | \\copy indexed, holding 1M | ratio | \\copy bare | app fresh / bare | peak RSS fresh, filled |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  const ratios = rounds.map((r, i) => {
    const fresh = r.fresh.rowsPerSecond / rate(r.indexed);
    const filled = r.filled.rowsPerSecond / rate(r.indexedFilled);
    const bare = r.fresh.rowsPerSecond / rate(r.bare);
    const rows = (x: number) => `${x.toLocaleString("en-US")} rows/s`;
    console.log(
      `| ${i + 1} | ${rows(r.fresh.rowsPerSecond)} | ${rows(rate(r.indexed))} | ${fresh.toFixed(2)} | ${rows(r.filled.rowsPerSecond)} | ${rows(rate(r.indexedFilled))} | ${filled.toFixed(2)} | ${rows(rate(r.bare))} | ${bare.toFixed(2)} | ${r.fresh.maxRssMB}, ${r.filled.maxRssMB} MB |`,
    );
    return { fresh, filled, bare };
  });
  console.log(`\nmedian ratio to \\copy indexed: fresh ${median(ratios.map((r) => r.fresh)).toFixed(2)}, filled ${median(ratios.map((r) => r.filled)).toFixed(2)} (each against \\copy into a table as full, in the same round)`);
  console.log(`median ratio to \\copy bare: fresh ${median(ratios.map((r) => r.bare)).toFixed(2)}`);
  console.log(`peak RSS of the import, highest: ${Math.max(...rounds.flatMap((r) => [r.fresh.maxRssMB, r.filled.maxRssMB]))} MB`);
} finally {
  await stopEmbeddedServer();
}
