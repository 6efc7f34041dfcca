import "server-only";
import type { Db } from "@/lib/db/client";
import { displaySql, type Sql } from "@/lib/db/sql";
import type { ReportQuery } from "./definition";

/** Runs one report statement on the pool and records it, with its duration, for the "How it is computed" panel. */
export async function runQuery<Row>(db: Db, label: string, query: Sql, log: ReportQuery[]): Promise<Row[]> {
  const started = performance.now();
  const { rows } = await db.pool.query(query.text, query.values as unknown[]);
  log.push({ label, sql: displaySql(query), ms: Math.round((performance.now() - started) * 10) / 10 });
  return rows as Row[];
}
