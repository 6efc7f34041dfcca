import "server-only";
import { sessionSecret } from "@/lib/auth/secret";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { failAbandonedUploads } from "@/lib/ingest/upload-guards";
import { startScheduler } from "./scheduler";

/**
 * At server start: the settings and the session secret are checked, the database prepared, uploads a crash left
 * `running` marked failed, and the scheduled-imports worker started.
 */
export async function warmUp() {
  env();
  sessionSecret();
  const db = await getDb();
  const abandoned = await failAbandonedUploads(db.pool);
  if (abandoned.length) console.error(`journeylens: marked ${abandoned.length} upload(s) left running by a stopped server as failed: #${abandoned.join(", #")}`);
  startScheduler();
}
