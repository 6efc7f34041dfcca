import "server-only";
import type pg from "pg";
import { raw, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { EVENT_COPY_COLUMNS, type StagePlan } from "./stage-rows";

/**
 * Where a file of events is loaded (docs/ingestion.md, "Where events are stored"). `events` is partitioned by
 * project, and each project's table by segment. The parser's rows are COPYed straight into a new table of the
 * events' shape, with no index to keep up. At the end of a large upload that table is indexed in one sorted pass
 * and attached as the project's segment <upload id>, so a later removal drops it; a small upload's rows are moved
 * into segment 0 instead, so that the number of tables stays proportional to the data, not to the uploads.
 */


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The project's events table (created with the project by a trigger, see the migration). */
export function projectEventsTable(projectId: string): string {
  if (!UUID.test(projectId)) throw new Error(`Not a project id: ${projectId}`);
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
    copy: copy(table),
    async store(client, rows) {
      if (rows >= env().JOURNEYLENS_SEGMENT_MIN_ROWS) {
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

/**
 * A property column found not to be numeric after some of its values were written as JSON numbers: those values
 * become text again, as a column with any non-number is stored (stage-rows.ts).
 */
export async function textifyMixedColumns(client: pg.PoolClient, table: string, plan: StagePlan, names: string[]) {
  for (let i = 0; i < names.length; i++) {
    if (plan.numeric[i] || !plan.emittedNumbers[i]) continue;
    const key = names[i]!;
    await run(
      client,
      sql`update ${raw(table)} set properties = jsonb_set(properties, array[${key}::text], to_jsonb(properties ->> ${key}::text))
        where jsonb_typeof(properties -> ${key}::text) = 'number'`,
    );
  }
}

async function run(client: pg.PoolClient, query: Sql) {
  return client.query(query.text, query.values as unknown[]);
}
