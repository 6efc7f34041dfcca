/**
 * npm run bench:dashboard [-- --seconds 60] [-- --connections 50] — a six-tile dashboard under load, as a team
 * opening it at once would put it:
 *   1. the demo data on the app's database (loaded if it is not there; the embedded server unless DATABASE_URL names
 *      another), a dashboard of six tiles on Giftly, and an API key to read it with;
 *   2. the built app (`npx next build` first) started as `npm start` starts it, on a port of its own;
 *   3. each tile's report asked for once (cold, timed), then `connections` connections for `seconds` seconds asking
 *      for the six tiles' API URLs in turn (autocannon on loopback), the way the dashboard's tiles load;
 *   4. requests/s, p50/p95/p99 latency (from every response's time, not autocannon's fixed percentiles), errors and
 *      non-2xx answers, and the server's resident memory sampled every second (peak, and the first ten seconds against the last ten).
 * The server's reports run with the settings the app chooses for them, JIT included as the server ships it.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import autocannon from "autocannon";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { createDashboard, deleteDashboard } from "@/lib/data/dashboards";
import { demoLoaded, loadDemoData } from "@/lib/data/demo";
import { createUser } from "@/lib/data/users";
import { closeDb, getDb } from "@/lib/db/client";
import { stopEmbeddedServer } from "@/lib/db/embedded-server";
import { env } from "@/lib/env";
import { parseReportSpec, searchParamsFromRaw } from "@/lib/reports/params";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const SECONDS = arg("seconds", 60);
const CONNECTIONS = arg("connections", 50);
const PORT = arg("port", 3190);
const TILES = [
  "overview?from=-89d",
  "retention?period=week&periods=12",
  "activity?from=-89d",
  "lifecycle?period=week",
  "revenue",
  "campaigns?from=-89d",
];

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("Build the app first: npx next build");
  process.exit(1);
}

// 1. Data, a dashboard, a key.
const { pool } = await getDb();
const server = (await pool.query("select version() as v, current_setting('jit') as jit")).rows[0] as { v: string; jit: string };
if (!(await demoLoaded(cliActor))) {
  console.error("Loading the demo data…");
  await loadDemoData(cliActor, {});
}
// One reading user for every run; each run's key is read-only and lasts a day.
const email = "bench@journeylens.test";
if (!(await pool.query("select 1 from users where email = $1", [email])).rowCount)
  await createUser(cliActor, { email, name: "Bench", role: "sales", password: crypto.randomBytes(18).toString("base64url") });
const { key } = await createApiKey(cliActor, { userEmail: email, name: "bench", expiresInDays: 1, readOnly: true });
const board = await createDashboard(cliActor, "giftly", `Bench ${new Date().toISOString()}`, TILES);
await closeDb();
const paths = TILES.map((spec) => {
  const { kind, params } = parseReportSpec(spec);
  return `/api/v1/projects/giftly/reports/${kind}?${searchParamsFromRaw(params)}`;
});

// 2. The app, as `npm start` runs it.
const app = spawn(process.execPath, ["bin/serve.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
  env: { ...process.env, NEXTAUTH_URL: `http://127.0.0.1:${PORT}`, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret-bench-secret-bench-secret", JOURNEYLENS_SCHEDULER: "off" },
  stdio: ["ignore", "ignore", "inherit"],
});
const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/login`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 240) throw new Error("The app did not start.");
  await new Promise((r) => setTimeout(r, 250));
}
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${app.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

// 3. Cold: each tile once, as the first visitor after a start gets it.
const headers = { authorization: `Bearer ${key}` };
const cold: { tile: string; ms: number; status: number }[] = [];
for (const [i, path] of paths.entries()) {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { headers });
  await res.arrayBuffer();
  cold.push({ tile: TILES[i]!, ms: performance.now() - started, status: res.status });
}

// 4. Load: the six URLs in turn on every connection.
const latencies: number[] = [];
const rss: number[] = [];
const sampler = setInterval(() => rss.push(rssMb()), 1000);
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    { url: base, connections: CONNECTIONS, duration: SECONDS, headers, requests: paths.map((path) => ({ method: "GET", path })) },
    (error, r) => (error ? reject(error) : resolve(r)),
  );
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
});
clearInterval(sampler);
app.kill("SIGTERM");
await deleteDashboard(cliActor, "giftly", board.id);
await closeDb();
await stopEmbeddedServer();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const tenSeconds = Math.min(10, Math.floor(rss.length / 3));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const summary = {
  date: new Date().toISOString(),
  server: `${server.v.split(",")[0]} (jit=${server.jit})`,
  database: env().DATABASE_URL ? "DATABASE_URL" : "embedded",
  dashboard: board.path,
  connections: CONNECTIONS,
  seconds: SECONDS,
  coldMs: Object.fromEntries(cold.map((c) => [c.tile, Math.round(c.ms)])),
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average * 10) / 10,
  latencyMs: { p50: Math.round(pct(50)), p95: Math.round(pct(95)), p99: Math.round(pct(99)), max: Math.round(latencies.at(-1) ?? 0) },
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  rssMb: { peak: Math.round(Math.max(...rss)), firstTenSeconds: Math.round(avg(rss.slice(0, tenSeconds))), lastTenSeconds: Math.round(avg(rss.slice(-tenSeconds))) },
};
fs.mkdirSync("bench/results", { recursive: true });
const file = `bench/results/dashboard-${summary.date.slice(0, 19).replace(/[:T]/g, "-")}.json`;
fs.writeFileSync(file, JSON.stringify(summary, null, 2) + "\n");
console.log(`
| ${summary.server}, ${summary.database} | ${CONNECTIONS} connections × ${SECONDS} s on six tiles |
|---|---|
| cold, each tile once | ${cold.map((c) => `${c.tile.split("?")[0]} ${Math.round(c.ms)} ms`).join(", ")} |
| requests/s | ${summary.requestsPerSecond} (${summary.requests} in all) |
| latency p50 / p95 / p99 / max | ${summary.latencyMs.p50} / ${summary.latencyMs.p95} / ${summary.latencyMs.p99} / ${summary.latencyMs.max} ms |
| errors, timeouts, non-2xx | ${summary.errors}, ${summary.timeouts}, ${summary.non2xx} |
| server RSS peak; first vs last 10 s | ${summary.rssMb.peak} MB; ${summary.rssMb.firstTenSeconds} → ${summary.rssMb.lastTenSeconds} MB |

Written to ${file}.`);
process.exit(0);
