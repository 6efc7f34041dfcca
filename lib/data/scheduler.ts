import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { evaluateDueAlerts } from "./alerts";
import { runDueDigests } from "./digests";
import { runDueSources } from "./import-sources";

/**
 * The background worker for scheduled imports, inside the app's own process: every interval it takes a PostgreSQL
 * advisory lock for the round, so that only one runner works at a time however many app processes share the
 * database, and runs the sources that are due, then the alert rules due for their round. The schedule and every
 * run's state live in PostgreSQL.
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
    // The lock is transaction-scoped, held by a transaction left open for the round and released by its end. A
    // session lock would not do behind a pooler in transaction mode (PgBouncer): it stays with the server connection
    // the statement ran on, which other clients then use (taking the lock again freely), and the unlock may run on
    // another. The open transaction has no snapshot between statements: it holds no rows back from vacuum.
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("begin");
      const { rows } = await client.query("select pg_try_advisory_xact_lock($1) as locked", [LOCK_KEY]);
      if (!rows[0].locked) return null;
      const runs = await runDueSources(now);
      // Alert rules due for their round; one that fails is logged and tried again next round.
      await evaluateDueAlerts(now).catch((error) => console.error("Alerts:", error));
      // Digests due; one that fails keeps its error and moves to its next time.
      await runDueDigests(now).catch((error) => console.error("Digests:", error));
      return runs;
    } finally {
      await client.query("commit").catch((error: Error) => (broken = error));
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
