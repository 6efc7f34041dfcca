import "server-only";
import { getDb } from "@/lib/db/client";
import { startScheduler } from "./scheduler";

/** Prepares the database and starts the scheduled-import worker at server start. */
export async function warmUp() {
  await getDb();
  startScheduler();
}
