import "server-only";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";

/**
 * Bulk insert through `COPY … FROM STDIN` in CSV format.
 *
 * Null versus empty string: in PostgreSQL's CSV format an unquoted empty field is NULL and a quoted empty field
 * ("") is an empty string. So null/undefined are written as nothing and every string is quoted, which also keeps
 * a value such as `\.` from being read as the end-of-data marker.
 */

// SQL names of the schema's tables and columns (prisma/schema.prisma, @map applied). Only these can be copied into.
const COPY_COLUMNS = {
  users: ["id", "email", "name", "password_hash", "role", "disabled", "created_at"],
  projects: ["id", "slug", "name", "timezone", "created_at"],
  people: ["project_id", "person_id", "first_seen", "signup_at", ...PERSON_ATTRIBUTES, "properties", "upload_id"],
  events: ["project_id", "person_id", "name", "occurred_at", "session_id", "position", "properties", "revenue", "upload_id"],
  campaign_sends: [
    "project_id", "person_id", "id", "campaign_id", "campaign_name", "channel", "variant", "holdout", "sent_at",
    "delivered_at", "bounced_at", "opened_at", "clicked_at", "unsubscribed_at", "upload_id",
  ],
  spend: ["project_id", "id", "day", "channel", "campaign", "platform", "cost", "currency", "clicks", "impressions", "upload_id"],
  uploads: [
    "id", "project_id", "user_id", "created_at", "finished_at", "file_name", "content_hash", "kind", "mapping", "counts", "status", "error_report",
  ],
  api_keys: ["id", "user_id", "name", "prefix", "key_hash", "created_at", "last_used_at", "revoked_at"],
  audit_log: ["id", "at", "user_id", "via", "action", "target", "details"],
} as const satisfies Record<string, readonly string[]>;

export type CopyTable = keyof typeof COPY_COLUMNS;
export type CopyColumn<T extends CopyTable> = (typeof COPY_COLUMNS)[T][number];

/** Text handed to the socket per write; large enough that per-message overhead does not matter. */
const CHUNK_CHARS = 256 * 1024;

function quote(text: string): string {
  if (text.includes("\u0000")) throw new Error("PostgreSQL text cannot contain the NUL character");
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One value as a CSV field: null → empty, strings quoted, Dates as ISO 8601, objects as JSON. */
export function csvField(value: unknown): string {
  switch (typeof value) {
    case "undefined":
      return "";
    case "string":
      return quote(value);
    case "number":
      if (!Number.isFinite(value)) throw new Error(`Cannot copy the number ${value}`);
      return String(value);
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "";
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new Error("Cannot copy an invalid Date");
        return value.toISOString();
      }
      return quote(JSON.stringify(value));
    default:
      throw new Error(`Cannot copy a value of type ${typeof value}`);
  }
}

/** One row as a CSV line (with its newline), checking it has one value per column. */
export function csvLine(row: readonly unknown[], width: number): string {
  if (row.length !== width) throw new Error(`Row has ${row.length} values for ${width} columns`);
  let line = "";
  for (let i = 0; i < row.length; i++) line += (i ? "," : "") + csvField(row[i]);
  return line + "\n";
}

function copyStatement(table: string, columns: readonly string[]): string {
  if (!Object.hasOwn(COPY_COLUMNS, table)) throw new Error(`copyRows: unknown table ${JSON.stringify(table)}`);
  const known: readonly string[] = COPY_COLUMNS[table as CopyTable];
  if (columns.length === 0) throw new Error("copyRows: no columns");
  for (const column of columns) {
    if (!known.includes(column)) throw new Error(`copyRows: unknown column ${JSON.stringify(column)} of ${table}`);
  }
  if (new Set(columns).size !== columns.length) throw new Error(`copyRows: repeated column for ${table}`);
  return `COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN WITH (FORMAT csv)`;
}

/**
 * Streams rows into `table` with COPY on the given client (inside the caller's transaction, if any) and returns how
 * many were written. Rows are pulled lazily and writing waits for the socket to drain, so memory stays flat however
 * many rows the iterable yields. If the iterable throws or the server rejects a row, the COPY is aborted and the
 * error is rethrown; the connection stays usable (a surrounding transaction must be rolled back).
 */
export async function copyRows<T extends CopyTable>(
  client: pg.PoolClient,
  table: T,
  columns: readonly CopyColumn<T>[],
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
): Promise<number> {
  return copyCsv(client, copyStatement(table, columns), columns.length, rows);
}

/**
 * The same for a COPY statement the caller built (a staging table of its own); the statement must name only
 * identifiers the caller generated, never input.
 */
export async function copyCsv(
  client: pg.PoolClient,
  sql: string,
  width: number,
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
): Promise<number> {
  let count = 0;
  async function* chunks() {
    let buffer = "";
    for await (const row of rows) {
      buffer += csvLine(row, width);
      count++;
      if (buffer.length >= CHUNK_CHARS) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  await copyText(client, sql, chunks());
  return count;
}

/**
 * Streams CSV text, already encoded (csvLine), into a COPY statement. Writing waits for the socket to drain, so
 * memory stays flat however much text the iterable yields. If the iterable throws or the server rejects a row, the
 * COPY is aborted and the error rethrown; the connection stays usable (a surrounding transaction must be rolled back).
 */
export async function copyText(client: pg.PoolClient, sql: string, chunks: AsyncIterable<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  let failure: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", (error) => {
      failure ??= error;
      reject(error);
    });
  });
  // Observed here so a server error arriving while text is still being produced is not an unhandled rejection;
  // it is rethrown from `failure` or `await finished` below.
  finished.catch(() => {});
  try {
    for await (const chunk of chunks) {
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off("drain", done);
            stream.off("error", done);
            resolve();
          };
          stream.on("drain", done);
          stream.on("error", done);
        });
      }
      if (failure) throw failure;
    }
    stream.end();
    await finished;
  } catch (error) {
    if (!stream.destroyed && !failure) stream.destroy(error as Error);
    await finished.catch(() => {});
    throw error;
  }
}
