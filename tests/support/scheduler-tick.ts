/**
 * One round of the scheduled-imports worker, in a process of its own on DATABASE_URL, as an app process runs it:
 * prints what ran as JSON (null: another process's round holds the worker's lock). The time is the first argument.
 * Run with tsx --conditions=react-server (tests/integration/pgbouncer.test.ts).
 */
import { closeDb } from "@/lib/db/client";
import { schedulerTick } from "@/lib/data/scheduler";

const at = new Date(process.argv[2] ?? Date.now());
try {
  console.log(JSON.stringify(await schedulerTick(at)));
} finally {
  await closeDb();
}
