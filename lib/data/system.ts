import "server-only";
import { sessionSecret } from "@/lib/auth/secret";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startScheduler } from "./scheduler";

/** At server start: the settings and the session secret are checked, the database prepared, the worker started. */
export async function warmUp() {
  env();
  sessionSecret();
  await getDb();
  startScheduler();
}
