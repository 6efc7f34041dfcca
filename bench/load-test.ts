/**
 * A dashboard under load, for any project (bench/dashboard.ts on the demo data, bench/suite.ts on its seeded project):
 *   1. a dashboard of the given tiles on the project, and a read-only API key of a reading user to ask with;
 *   2. the built app (`npx next build` first) started as `npm start` starts it, on a port of its own, with the
 *      environment given (the database it names; the report settings the app chooses, JIT as the server ships it);
 *   3. each tile's report asked for once (cold, timed), then `connections` connections asking for the tiles' API
 *      URLs in turn (autocannon on loopback), the way the dashboard's tiles load: `warmupSeconds` to warm up (the
 *      server's heap grows to its working size in the first ten seconds or so), then `seconds` measured;
 *   4. for the measured seconds: requests/s, p50/p95/p99 latency (from every response's time, not autocannon's fixed
 *      percentiles), errors and non-2xx answers, and the server's resident memory sampled every second (peak, the
 *      first ten seconds against the last ten, and each second's); then the server stopped and the dashboard deleted.
 * The caller's database connections are closed while the app runs (closeDb), so only the app's count.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import autocannon from "autocannon";
import { cliActor } from "@/lib/data/actor";
import { createApiKey } from "@/lib/data/api-keys";
import { createDashboard, deleteDashboard } from "@/lib/data/dashboards";
import { createUser } from "@/lib/data/users";
import { closeDb, getDb } from "@/lib/db/client";
import { parseReportSpec, searchParamsFromRaw } from "@/lib/reports/params";
import { freePort } from "../tests/support/free-port";

export type LoadTestOptions = {
  slug: string;
  tiles: string[];
  seconds: number;
  connections: number;
  /** Load before the measured seconds (default 15). */
  warmupSeconds?: number;
  /** The app's port; 0 or none: a free one, so that another server on the machine is never the one measured. */
  port?: number;
  /** The app server's environment (its database: DATABASE_URL, or none for the embedded server). */
  env: NodeJS.ProcessEnv;
};

export type LoadTestResult = {
  dashboard: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  coldMs: Record<string, number>;
  coldStatus: Record<string, number>;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** The server's resident memory: its peak, the first ten seconds' and the last ten's averages, and each second's. */
  rssMb: { peak: number; firstTenSeconds: number; lastTenSeconds: number; perSecond: number[] };
};

export function requireBuild() {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("Build the app first: npx next build");
}

export async function loadTest(o: LoadTestOptions): Promise<LoadTestResult> {
  requireBuild();
  // 1. A dashboard and a key. One reading user for every run; each run's key is read-only and lasts a day.
  const { pool } = await getDb();
  const email = "bench@journeylens.test";
  if (!(await pool.query("select 1 from users where email = $1", [email])).rowCount)
    await createUser(cliActor, { email, name: "Bench", role: "sales", password: crypto.randomBytes(18).toString("base64url") });
  const { key } = await createApiKey(cliActor, { userEmail: email, name: "bench", expiresInDays: 1, readOnly: true });
  const board = await createDashboard(cliActor, o.slug, `Bench ${new Date().toISOString()}`, o.tiles);
  await closeDb();
  const paths = o.tiles.map((spec) => {
    const { kind, params } = parseReportSpec(spec);
    return `/api/v1/projects/${o.slug}/reports/${kind}?${searchParamsFromRaw(params)}`;
  });

  // 2. The app, as `npm start` runs it.
  const port = o.port || (await freePort());
  const app = spawn(process.execPath, ["bin/serve.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...o.env,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: o.env.NEXTAUTH_SECRET ?? "bench-secret-bench-secret-bench-secret",
      JOURNEYLENS_SCHEDULER: "off",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exit = "";
  const exited = new Promise<void>((resolve) =>
    app.on("exit", (code, signal) => {
      exit = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    }),
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    const stopped = () => app.exitCode !== null || app.signalCode !== null;
    for (let i = 0; ; i++) {
      if (stopped()) throw new Error(`The app did not start (${exit}).`);
      try {
        if ((await fetch(`${base}/login`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 240) throw new Error("The app did not start within a minute.");
      await new Promise((r) => setTimeout(r, 250));
    }
    // Still ours: a server that failed to listen (the port taken meanwhile) exits at once.
    await new Promise((r) => setTimeout(r, 500));
    if (stopped()) throw new Error(`The app did not start (${exit}).`);
    const rssMb = () => {
      try {
        return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${app.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
      } catch {
        return 0; // the server has gone: said after the load
      }
    };

    // 3. Cold: each tile once, as the first visitor after a start gets it.
    const headers = { authorization: `Bearer ${key}` };
    const cold: { tile: string; ms: number; status: number }[] = [];
    for (const [i, path] of paths.entries()) {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { headers });
      await res.arrayBuffer();
      cold.push({ tile: o.tiles[i]!, ms: performance.now() - started, status: res.status });
    }

    // 4. Load: the tiles' URLs in turn on every connection; warm-up first, then the measured seconds.
    const load = (seconds: number, onResponse: (ms: number) => void) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          { url: base, connections: o.connections, duration: seconds, headers, requests: paths.map((path) => ({ method: "GET", path })) },
          (error, r) => (error ? reject(error) : resolve(r)),
        );
        instance.on("response", (_client, _status, _bytes, responseTime) => onResponse(responseTime));
      });
    const warmupSeconds = o.warmupSeconds ?? 15;
    if (warmupSeconds > 0) await load(warmupSeconds, () => {});
    const latencies: number[] = [];
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(rssMb()), 1000);
    const result = await load(o.seconds, (ms) => latencies.push(ms));
    clearInterval(sampler);
    if (stopped()) throw new Error(`The app server stopped during the load (${exit}).`);

    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    const tenSeconds = Math.min(10, Math.floor(rss.length / 3));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      dashboard: board.path,
      connections: o.connections,
      seconds: o.seconds,
      warmupSeconds,
      coldMs: Object.fromEntries(cold.map((c) => [c.tile, Math.round(c.ms)])),
      coldStatus: Object.fromEntries(cold.map((c) => [c.tile, c.status])),
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average * 10) / 10,
      latencyMs: { p50: Math.round(pct(50)), p95: Math.round(pct(95)), p99: Math.round(pct(99)), max: Math.round(latencies.at(-1) ?? 0) },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      rssMb: { peak: Math.round(Math.max(0, ...rss)), firstTenSeconds: Math.round(avg(rss.slice(0, tenSeconds))), lastTenSeconds: Math.round(avg(rss.slice(-tenSeconds))), perSecond: rss.map(Math.round) },
    };
  } finally {
    if (app.exitCode === null && app.signalCode === null) {
      app.kill("SIGTERM");
      const stuck = setTimeout(() => app.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(stuck);
    }
    await deleteDashboard(cliActor, o.slug, board.id);
  }
}
