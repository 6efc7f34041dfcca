import fs from "node:fs";
import { Readable } from "node:stream";
import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { importUpload } from "@/lib/data/uploads";
import type { ImportOptionsInput } from "@/lib/ingest/kinds";

/** Imports text or a file's bytes as the CLI does, in chunks of `chunk` bytes. */
export function importText(slug: string, content: string | Buffer, options: ImportOptionsInput, chunk = 64 * 1024) {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return importUpload(cliActor, slug, { fileName: "test.csv", stream: Readable.from(chunks), options });
}

export function importFile(slug: string, file: string, options: ImportOptionsInput) {
  return importText(slug, fs.readFileSync(file), options);
}

/** Row counts of every data table of a project, to show an upload changed nothing. */
export async function dataCounts(projectId: string) {
  const { pool } = await getDb();
  const { rows } = await pool.query(
    `select (select count(*) from people where project_id = $1) as people,
            (select count(*) from events where project_id = $1) as events,
            (select count(*) from campaign_sends where project_id = $1) as campaign_sends,
            (select count(*) from spend where project_id = $1) as spend,
            (select count(*) from uploads where project_id = $1 and status = 'stored') as stored_uploads`,
    [projectId],
  );
  return rows[0];
}

/** Row counts of every table of the database, to show that a dry run left no trace at all. */
export async function tableCounts(): Promise<Record<string, number>> {
  const { pool } = await getDb();
  const { rows: tables } = await pool.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
  );
  const counts: Record<string, number> = {};
  // The audit log is left out: a request with an API key records the key's use (at most once a minute), which is
  // no data stored.
  for (const { name } of tables) if (name !== "audit_log") counts[name] = Number((await pool.query(`select count(*) from "${name}"`)).rows[0].count);
  return counts;
}
