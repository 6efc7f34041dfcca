import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { evaluateDueAlerts } from "./alerts";
import { runDueDigests } from "./digests";
import { runDueSources } from "./import-sources";

/**
 * The background worker for scheduled imports, inside the app's own process: every interval it takes a PostgreSQL
 * advisory lock, so that only one runner works at a time however many app processes share the database, and runs
 * the sources that are due, then the alert rules due for their round. The schedule and every run's state live in
 * PostgreSQL.
 */
const LOCK_KEY = 7_267_001;

let timer: NodeJS.Timeout | null = null;
let running = false;

/**
 * One round of the worker. Whatever fails — the database down, a connection lost mid-round — ends this round only:
 * the next tick tries again, so the worker resumes by itself once the database is back.
 */
export async function schedulerTick(now = new Date()) {
  if (running) return null;
  running = true;
  try {
    const { pool } = await getDb();
    // The lock is held by this connection, so it is taken and released on the same one.
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query("select pg_try_advisory_lock($1) as locked", [LOCK_KEY]);
      if (!rows[0].locked) return null;
      try {
        const runs = await runDueSources(now);
        // Alert rules due for their round; one that fails is logged and tried again next round.
        await evaluateDueAlerts(now).catch((error) => console.error("Alerts:", error));
        // Digests due; one that fails keeps its error and moves to its next time.
        await runDueDigests(now).catch((error) => console.error("Digests:", error));
        return runs;
      } finally {
        await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch((error: Error) => (broken = error));
      }
    } finally {
      client.release(broken);
    }
  } finally {
    running = false;
  }
}

export function startScheduler() {
  if (timer || !env().JOURNEYLENS_SCHEDULER) return;
  timer = setInterval(() => {
    schedulerTick().catch((error) => console.error("Scheduled imports:", error));
  }, env().JOURNEYLENS_SCHEDULER_INTERVAL_MS);
  timer.unref();
}
