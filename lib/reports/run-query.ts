import "server-only";
import type { Db } from "@/lib/db/client";
import { displaySql, type Sql } from "@/lib/db/sql";
import { cancelRunningStatement } from "@/lib/db/cancel-request";
import { withTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import type { ReportProject, ReportQuery } from "./definition";
import { withReportSlot } from "./report-slots";

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
  /** Aborted when the client has gone: a running statement is cancelled on the server. */
  signal?: AbortSignal;
};

/** A report statement that ran past JOURNEYLENS_REPORT_TIMEOUT_MS and was stopped by the server. */
export class ReportTimeout extends Error {}

/**
 * Runs one report statement in a read-only transaction of its own (on the replica when DATABASE_READ_URL names one), under a statement timeout, in one of the report
 * slots (report-slots.ts), with settings chosen for report statements on any server:
 * - the sort and hash memory they need: they group and join hundreds of thousands of rollup rows, and with the
 *   server's default 4 MB they spill to temporary files and run several times slower (JOURNEYLENS_REPORT_WORK_MEM);
 * - no JIT: servers as distributions ship them compile large statements with LLVM, which cost about a second for
 *   each report statement (monthly retention on 100k events: 1.29 s with JIT, 0.096 s without, on PostgreSQL 15).
 * When the client goes away, the statement is cancelled (a protocol cancel request, which works behind PgBouncer too).
 * `noNestedLoops` is for a statement whose joins are large on both sides at any real size, where the planner's guess
 * of an aggregate's rows (a few hundred people, for tens of thousands) would otherwise loop over events per person.
 * `noSorts` is for a statement that groups many rows into few, where the planner cannot tell how few and would sort.
 * `freeParallel` is for one where, for the same reason, it sees no gain in grouping in parallel workers first.
 */
export async function runQuery<Row>(
  ctx: ReportContext,
  label: string,
  query: Sql,
  planner: { noNestedLoops?: boolean; noSorts?: boolean; freeParallel?: boolean } = {},
): Promise<Row[]> {
  const settings = env();
  return withReportSlot(ctx.signal, async () => {
    ctx.signal?.throwIfAborted();
    const started = performance.now();
    try {
      const options = { ...planner, readOnly: true, noJit: true, workMem: settings.JOURNEYLENS_REPORT_WORK_MEM, statementTimeout: settings.JOURNEYLENS_REPORT_TIMEOUT_MS };
      return await withTransaction(ctx.db.reads, options, async (client) => {
        const cancel = () => cancelRunningStatement(client);
        ctx.signal?.addEventListener("abort", cancel);
        try {
          const values = query.values as unknown[];
          const plan = ctx.explain ? (await client.query(`explain (format json) ${query.text}`, values)).rows[0]?.["QUERY PLAN"] : undefined;
          const { rows } = await client.query(query.text, values);
          const ms = Math.round((performance.now() - started) * 10) / 10;
          ctx.log.push({ label, sql: displaySql(query), ms, ...(plan === undefined ? {} : { plan }) });
          return rows as Row[];
        } finally {
          ctx.signal?.removeEventListener("abort", cancel);
        }
      });
    } catch (error) {
      // 57014: canceled by statement_timeout, or by the cancel request sent when the client went away.
      if ((error as { code?: string }).code === "57014" && !ctx.signal?.aborted) throw new ReportTimeout(label);
      throw error;
    }
  });
}
