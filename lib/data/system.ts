import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startScheduler } from "./scheduler";

/** Checks the settings, prepares the database and starts the scheduled-import worker at server start. */
export async function warmUp() {
  env();
  await getDb();
  startScheduler();
}
