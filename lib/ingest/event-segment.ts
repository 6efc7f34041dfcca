import "server-only";
import type pg from "pg";
import { raw, runSql, sql } from "@/lib/db/sql";
import { isUuid } from "@/lib/db/uuid";
import { env } from "@/lib/env";
import { EVENT_COPY_COLUMNS, type StagePlan } from "./stage-rows";

/**
 * Where a file of events is loaded (docs/ingestion.md, "Where events are stored"). `events` is partitioned by
 * project, and each project's table by segment. The parser's rows are COPYed straight into a new table of the
 * events' shape, with no index to keep up. At the end of a large upload that table is indexed in one sorted pass
 * and attached as the project's segment <upload id>, so a later removal drops it; a small upload's rows are moved
 * into segment 0 instead, so that the number of tables stays proportional to the data, not to the uploads.
 */

/**
 * The most segments a project keeps besides segment 0; later large uploads join segment 0. Every report on the
 * project locks and plans each segment and its indexes, and probes each one's index per person.
 */
export const MAX_SEGMENTS = 32;

/** The project's events table (created with the project by a trigger, see the migration). */
export function projectEventsTable(projectId: string): string {
  if (!isUuid(projectId)) throw new Error(`Not a project id: ${projectId}`);
  return `events_${projectId.replaceAll("-", "")}`;
}

export function segmentTable(projectId: string, uploadId: string): string {
  if (!/^[1-9]\d*$/.test(uploadId)) throw new Error(`Not an upload id: ${uploadId}`);
  return `${projectEventsTable(projectId)}_${uploadId}`;
}

export type EventLoad = {
  /** The table the rows are COPYed into (quoted). */
  table: string;
  copy: string;
  /**
   * After the rows are in: attach the table as a segment, or copy its rows into segment 0. Either way the table
   * still holds the upload's rows afterwards, for the rollups to read; `release` drops it if it was copied.
   */
  store(client: pg.PoolClient, rows: number): Promise<void>;
  release(client: pg.PoolClient): Promise<void>;
};

/**
 * Creates the upload's events table in the caller's transaction. A dry run loads into a temporary table, dropped
 * with the rollback; the same rows, checks and moves run on it.
 */
export async function createEventLoad(client: pg.PoolClient, target: { projectId: string; uploadId: string }, dryRun: boolean): Promise<EventLoad> {
  const project = client.escapeIdentifier(projectEventsTable(target.projectId));
  const copy = (table: string) => `copy ${table} (${EVENT_COPY_COLUMNS.join(", ")}) from stdin`;
  if (dryRun) {
    const table = "upload_events";
    await client.query(`create temp table ${table} (like events including defaults) on commit drop`);
    await client.query(`alter table ${table} alter project_id set default '${target.projectId}'::uuid`);
    return { table, copy: copy(table), store: async () => {}, release: async () => {} };
  }
  const table = client.escapeIdentifier(segmentTable(target.projectId, target.uploadId));
  // Literals checked above (a uuid, an integer): DDL takes no bound parameters. The check constraint proves the
  // partition bounds, so attaching the table does not scan it.
  await client.query(`create table ${table} (like events including defaults)`);
  await client.query(
    `alter table ${table} alter project_id set default '${target.projectId}'::uuid, alter upload_id set default ${target.uploadId},
       alter segment set default ${target.uploadId}, add check (project_id = '${target.projectId}'::uuid and segment = ${target.uploadId})`,
  );
  let copied = false;
  return {
    table,
    // Frozen as loaded (the table is new in this transaction): its pages are marked all-visible at once, so reports
    // can answer from its indexes alone (funnels read the name index only) without a vacuum first.
    copy: `${copy(table)} with (freeze)`,
    async store(client, rows) {
      if (rows >= env().JOURNEYLENS_SEGMENT_MIN_ROWS && (await segmentCount(client, target.projectId)) < MAX_SEGMENTS) {
        // Attaching builds the partitioned indexes on the table: one sorted build each, instead of an index
        // insertion per row while loading.
        await client.query(`alter table ${project} attach partition ${table} for values in (${target.uploadId})`);
      } else {
        const columns = ["project_id", "upload_id", ...EVENT_COPY_COLUMNS].join(", ");
        await client.query(`insert into events (${columns}) select ${columns} from ${table} order by occurred_at, position`);
        copied = true;
      }
    },
    async release(client) {
      if (copied) await client.query(`drop table ${table}`);
    },
  };
}

/** The project's segments other than 0. */
async function segmentCount(client: pg.PoolClient, projectId: string): Promise<number> {
  const { rows } = await client.query(
    "select count(*)::int as n from pg_inherits where inhparent = to_regclass($1) and inhrelid <> to_regclass($2)",
    [projectEventsTable(projectId), `${projectEventsTable(projectId)}_0`],
  );
  return rows[0].n;
}

/** Drops the project's segments other than 0 (a demo reload replaces all of its data). */
export async function dropSegments(client: pg.PoolClient, projectId: string) {
  const { rows } = await client.query<{ name: string }>(
    "select inhrelid::regclass::text as name from pg_inherits where inhparent = to_regclass($1) and inhrelid <> to_regclass($2)",
    [projectEventsTable(projectId), `${projectEventsTable(projectId)}_0`],
  );
  for (const { name } of rows) await client.query(`drop table ${name}`);
}

/**
 * A property column is stored as numbers only if every value in it is a plain number (stage-rows.ts), which is known
 * only at the end of the file. While a column still looked numeric, its values in canonical form (12, -3.50) were
 * written as JSON numbers, and others (+5, .5, 1e3) as strings. Now the column is settled: a column found not to be
 * numeric has those numbers turned back into text (whose text is the value as written, canonical form being
 * unchanged by numeric), and a numeric one has those strings turned into numbers. Both are rare, so each costs an
 * update only in the files that need it.
 */
export async function settleNumericColumns(client: pg.PoolClient, table: string, plan: StagePlan, names: string[]) {
  for (let i = 0; i < names.length; i++) {
    const key = names[i]!;
    if (!plan.numeric[i] && plan.emittedNumbers[i])
      await runSql(
        client,
        sql`update ${raw(table)} set properties = jsonb_set(properties, array[${key}::text], to_jsonb(properties ->> ${key}::text))
          where jsonb_typeof(properties -> ${key}::text) = 'number'`,
      );
    if (plan.numeric[i] && plan.emittedNumericText[i])
      await runSql(
        client,
        sql`update ${raw(table)} set properties = jsonb_set(properties, array[${key}::text], to_jsonb((properties ->> ${key}::text)::numeric))
          where jsonb_typeof(properties -> ${key}::text) = 'string'`,
      );
  }
}

