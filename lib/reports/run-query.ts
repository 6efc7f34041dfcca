import "server-only";
import type { Db } from "@/lib/db/client";
import { displaySql, type Sql } from "@/lib/db/sql";
import { withTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import type { ReportProject, ReportQuery } from "./definition";

/** What a report's run reads besides its parameters: the database, the project, the clock, and the statement log. */
export type ReportContext = {
  db: Db;
  project: ReportProject;
  /** The clock used when as_of is not given. */
  now: Date;
  /** Every statement that ran, with its duration, for the "How it is computed" panel. */
  log: ReportQuery[];
  /** Plan each statement (EXPLAIN) and keep the plan in the log: the plan tests and the benchmarks. */
  explain?: boolean;
};

/**
 * Runs one report statement in a read-only transaction of its own, with the sort and hash memory report statements
 * need: they group and join hundreds of thousands of rollup rows, and with the server's default 4 MB they spill to
 * temporary files and run several times slower (JOURNEYLENS_REPORT_WORK_MEM).
 */
export async function runQuery<Row>(ctx: ReportContext, label: string, query: Sql): Promise<Row[]> {
  const started = performance.now();
  return withTransaction(ctx.db.pool, { readOnly: true, workMem: env().JOURNEYLENS_REPORT_WORK_MEM }, async (client) => {
    const values = query.values as unknown[];
    const plan = ctx.explain ? (await client.query(`explain (format json) ${query.text}`, values)).rows[0]?.["QUERY PLAN"] : undefined;
    const { rows } = await client.query(query.text, values);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    ctx.log.push({ label, sql: displaySql(query), ms, ...(plan === undefined ? {} : { plan }) });
    return rows as Row[];
  });
}
