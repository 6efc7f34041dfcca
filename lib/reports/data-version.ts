import "server-only";
import type pg from "pg";

/**
 * Each project's data version, which every cached report result is keyed on. Every writer — uploads, upload
 * removal, the events API, the demo loader — calls markProjectChanged inside the transaction that changes the data,
 * so a cached result is never served for data that changed, and readers see the new version exactly when they see
 * the new rows.
 */
export async function markProjectChanged(client: pg.PoolClient, projectId: string) {
  await client.query("update projects set data_version = data_version + 1 where id = $1", [projectId]);
}

export async function dataVersion(pool: pg.Pool, projectId: string): Promise<string> {
  const { rows } = await pool.query<{ version: string }>("select data_version::text as version from projects where id = $1", [projectId]);
  return rows[0]?.version ?? "";
}
