/**
 * npm run bench:dashboard [-- --seconds 60] [-- --connections 50] [-- --port <n>] — a six-tile dashboard under load, as a team
 * opening it at once would put it:
 *   1. the demo data on the app's database (loaded if it is not there; the embedded server unless DATABASE_URL names
 *      another), a dashboard of six tiles on Giftly, and an API key to read it with;
 *   2. the built app (`npx next build` first) started as `npm start` starts it, on a port of its own (a free one);
 *   3. each tile's report asked for once (cold, timed), then `connections` connections asking for the six tiles' API
 *      URLs in turn (autocannon on loopback), the way the dashboard's tiles load: 15 s to warm up, then `seconds`
 *      measured;
 *   4. for the measured seconds: requests/s, p50/p95/p99 latency (from every response's time, not autocannon's fixed
 *      percentiles), errors and non-2xx answers, and the server's resident memory sampled every second (peak, and the
 *      first ten seconds against the last ten).
 * The server's reports run with the settings the app chooses for them, JIT included as the server ships it.
 * Steps 1–4 are bench/load-test.ts, which the speed suite (bench/suite.ts) runs on its own project too.
 */
import fs from "node:fs";
import { cliActor } from "@/lib/data/actor";
import { loadDemoData } from "@/lib/data/demo";
import { GIFTLY_SLUG } from "@/lib/demo/projects";
import { closeDb, getDb } from "@/lib/db/client";
import { stopEmbeddedServer } from "@/lib/db/embedded-server";
import { env } from "@/lib/env";
import { loadTest, requireBuild } from "./load-test";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const SECONDS = arg("seconds", 60);
const CONNECTIONS = arg("connections", 50);
const PORT = arg("port", 0);
const TILES = [
  "overview?from=-89d",
  "retention?period=week&periods=12",
  "activity?from=-89d",
  "lifecycle?period=week",
  "revenue",
  "campaigns?from=-89d",
];

try {
  requireBuild();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const { pool } = await getDb();
const server = (await pool.query("select version() as v, current_setting('jit') as jit")).rows[0] as { v: string; jit: string };
// Giftly itself: the database may hold other projects (the speed suite's, kept with --keep) and not the demo.
if (!(await pool.query("select 1 from projects where slug = $1", [GIFTLY_SLUG])).rowCount) {
  console.error("Loading the demo data…");
  await loadDemoData(cliActor, {});
}
const result = await loadTest({ slug: GIFTLY_SLUG, tiles: TILES, seconds: SECONDS, connections: CONNECTIONS, port: PORT, env: process.env });
await closeDb();
await stopEmbeddedServer();

const summary = {
  date: new Date().toISOString(),
  server: `${server.v.split(",")[0]} (jit=${server.jit})`,
  database: env().DATABASE_URL ? "DATABASE_URL" : "embedded",
  ...result,
};
fs.mkdirSync("bench/results", { recursive: true });
const file = `bench/results/dashboard-${summary.date.slice(0, 19).replace(/[:T]/g, "-")}.json`;
fs.writeFileSync(file, JSON.stringify(summary, null, 2) + "\n");
console.log(`
| ${summary.server}, ${summary.database} | ${CONNECTIONS} connections × ${SECONDS} s on six tiles, after ${summary.warmupSeconds} s to warm up |
|---|---|
| cold, each tile once | ${Object.entries(result.coldMs).map(([tile, ms]) => `${tile.split("?")[0]} ${ms} ms`).join(", ")} |
| requests/s | ${summary.requestsPerSecond} (${summary.requests} in all) |
| latency p50 / p95 / p99 / max | ${summary.latencyMs.p50} / ${summary.latencyMs.p95} / ${summary.latencyMs.p99} / ${summary.latencyMs.max} ms |
| errors, timeouts, non-2xx | ${summary.errors}, ${summary.timeouts}, ${summary.non2xx} |
| server RSS peak; first vs last 10 s | ${summary.rssMb.peak} MB; ${summary.rssMb.firstTenSeconds} → ${summary.rssMb.lastTenSeconds} MB |

Written to ${file}.`);
process.exit(0);
