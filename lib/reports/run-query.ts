import "server-only";
import type { Db } from "@/lib/db/client";
import { displaySql, type Sql } from "@/lib/db/sql";
import type { ReportQuery } from "./definition";

/**
 * Sort and hash memory for one report statement. Report statements group and join hundreds of thousands of rollup
 * rows; with the server's default 4 MB they spill to temporary files and run several times slower.
 * JOURNEYLENS_REPORT_WORK_MEM sets it (e.g. 128MB).
 */
function workMem() {
  const value = process.env.JOURNEYLENS_REPORT_WORK_MEM ?? "64MB";
  if (!/^\d{1,6}(kB|MB|GB)$/.test(value)) throw new Error(`JOURNEYLENS_REPORT_WORK_MEM is a size such as 64MB, not "${value}"`);
  return value;
}

/** Runs one report statement and records it, with its duration, for the "How it is computed" panel. */
export async function runQuery<Row>(db: Db, label: string, query: Sql, log: ReportQuery[]): Promise<Row[]> {
  const client = await db.pool.connect();
  const started = performance.now();
  try {
    // A read-only transaction of its own, so the setting ends with it.
    await client.query(`begin read only; set local work_mem = '${workMem()}'`);
    const { rows } = await client.query(query.text, query.values as unknown[]);
    await client.query("commit");
    log.push({ label, sql: displaySql(query), ms: Math.round((performance.now() - started) * 10) / 10 });
    return rows as Row[];
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
