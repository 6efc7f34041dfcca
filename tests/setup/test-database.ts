import { applyMigrations } from "@/lib/db/migrate";
import { createDatabaseIfMissing, dropDatabase } from "@/lib/db/connection";
import { ensureEmbeddedServer, stopEmbeddedServer } from "@/lib/db/embedded-server";

/**
 * A database of the test run's own, never the app's data: on the server named by TEST_DATABASE_URL, or else on the
 * embedded server. Returns its URL and a function that drops it (and stops the embedded server if this started it).
 */
export async function createTestDatabase(label: string) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? (await ensureEmbeddedServer());
  const name = `jl_${label}_${Date.now().toString(36)}_${process.pid}`;
  await createDatabaseIfMissing(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      await dropDatabase(adminUrl, name);
      await stopEmbeddedServer();
    },
  };
}
