/**
 * The retention benchmark's direct database work: server settings, the planner's statistics, query plans of the
 * report's matrix statement, and removing the benchmark project's rows.
 */
import fs from "node:fs";
import path from "node:path";
import { cliActor } from "@/lib/data/actor";
import { getProject } from "@/lib/data/projects";
import { getDb } from "@/lib/db/client";
import { displaySql } from "@/lib/db/sql";
import type { RawParams } from "@/lib/reports/params";
import { retentionSchema } from "@/lib/reports/retention/definition";
import { retentionMatrixQuery } from "@/lib/reports/retention/matrix-query";
import { reactivationQuery } from "@/lib/reports/retention/reactivation-query";
import { resolveBounds } from "@/lib/reports/retention/bounds";
import { withTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";

const fmt = (n: number) => n.toLocaleString("en-US");

export async function serverSettings() {
  const { pool } = await getDb();
  const { rows } = await pool.query<{ name: string; setting: string; unit: string | null }>(
    `select name, setting, unit from pg_settings where name in
       ('server_version', 'shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'autovacuum', 'autovacuum_naptime') order by name`,
  );
  return rows.map((r) => `${r.name}=${r.setting}${r.unit ?? ""}`).join(", ");
}

export type TableStats = Record<string, { changedSinceAnalyze: number; analyzedAt: string }>;

/** Whether the tables the report reads have been analyzed (autovacuum, some time after a load) and how stale that is. */
export async function tableStats(): Promise<TableStats> {
  const { pool } = await getDb();
  const { rows } = await pool.query<{ relname: string; n_mod_since_analyze: number; last_autoanalyze: Date | null; last_analyze: Date | null }>(
    `select relname, n_mod_since_analyze, last_autoanalyze, last_analyze from pg_stat_user_tables
     where relname in ('events', 'activity_masks', 'activity_people', 'people') order by relname`,
  );
  const when = (d: Date | null) => (d ? d.toISOString().slice(11, 19) : "never");
  return Object.fromEntries(
    rows.map((r) => [r.relname, { changedSinceAnalyze: r.n_mod_since_analyze, analyzedAt: when(r.last_autoanalyze ?? r.last_analyze) }]),
  );
}

export function describeStats(stats: TableStats) {
  return Object.entries(stats)
    .map(([table, s]) => `${table} analyzed ${s.analyzedAt}, ${fmt(s.changedSinceAnalyze)} rows changed since`)
    .join("; ");
}

/** A statement the report runs for these parameters (bounds resolved as the report does), values spelled in. */
export async function statementSql(slug: string, params: RawParams, statement: "matrix" | "reactivation") {
  const project = await getProject(cliActor, slug);
  const parsed = retentionSchema.parse(params);
  const bounds = await resolveBounds({ db: await getDb(), project, now: new Date(), log: [] }, parsed);
  const build = statement === "matrix" ? retentionMatrixQuery : reactivationQuery;
  return displaySql(build(project, parsed, bounds));
}

/**
 * The plan of a statement: EXPLAIN, or with `analyze` EXPLAIN (ANALYZE, BUFFERS), which runs it (null when that hits
 * the statement timeout). Run with the work_mem report statements get (lib/reports/run-query.ts:
 * JOURNEYLENS_REPORT_WORK_MEM, 64MB by default), so the plan is the report's.
 */
export async function explain(sql: string, analyze: boolean): Promise<string[] | null> {
  const { pool } = await getDb();
  try {
    return await withTransaction(pool, { readOnly: true, workMem: env().JOURNEYLENS_REPORT_WORK_MEM, rollback: true }, async (client) => {
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`explain ${analyze ? "(analyze, buffers) " : ""}${sql}`);
      return rows.map((r) => r["QUERY PLAN"]);
    });
  } catch (error) {
    if ((error as { code?: string }).code === "57014") return null;
    throw error;
  }
}

/** Writes a plan whole to .data/bench/ and prints its first lines and its timing lines. */
export function printPlan(title: string, sql: string, lines: string[] | null, file: string) {
  const target = path.resolve(".data/bench", file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${sql}\n\n${(lines ?? ["(timed out)"]).join("\n")}\n`);
  console.log(`\n${title} (whole plan in ${path.relative(process.cwd(), target)}):`);
  if (!lines) return console.log("  timed out");
  const head = 30;
  for (const line of lines.slice(0, head)) console.log(`  ${line}`);
  if (lines.length > head) console.log(`  … ${lines.length - head} more lines`);
  for (const line of lines.slice(head).filter((l) => /^(Planning|Execution|JIT)/.test(l))) console.log(`  ${line}`);
}

/** Waits until no statement of this process is running (a timed-out report leaves its sibling statement running). */
export async function untilIdle() {
  const { pool } = await getDb();
  while (pool.totalCount > pool.idleCount) await new Promise((resolve) => setTimeout(resolve, 500));
}

/**
 * Removes the project and its rows. Only uploads and import sources cascade from projects; the data tables carry
 * project_id without a foreign key, so their rows are deleted first: every table with a project_id column, read from
 * the catalog so that a table added later (another rollup) is not missed. Returns the seconds it took.
 */
export async function removeProject(slug: string) {
  const { pool } = await getDb();
  const client = await pool.connect();
  try {
    await client.query("set statement_timeout = 0");
    const { rows } = await client.query<{ id: string }>("select id from projects where slug = $1", [slug]);
    const id = rows[0]?.id;
    if (!id) return 0;
    const started = performance.now();
    const { rows: tables } = await client.query<{ table_name: string }>(
      `select c.relname as table_name from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attname = 'project_id' and not a.attisdropped and c.relname <> 'projects'
       order by 1`,
    );
    for (const { table_name: table } of tables)
      if (/^[a-z_][a-z0-9_]*$/.test(table)) await client.query(`delete from "${table}" where project_id = $1`, [id]);
    await client.query("delete from projects where id = $1", [id]);
    return (performance.now() - started) / 1000;
  } finally {
    client.release(true);
  }
}
