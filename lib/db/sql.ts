import "server-only";
import type pg from "pg";
import { Prisma } from "@/lib/db/generated/client";

/** SQL fragments with bound values; identifiers never come from input (see the allow-lists beside each use). */
export const sql = Prisma.sql;
export const join = Prisma.join;
export const empty = Prisma.empty;
export const raw = Prisma.raw;
export type Sql = Prisma.Sql;

/** The statement as it ran, with its values spelled in, for the "How it is computed" panel. Display only. */
export function displaySql(query: Sql): string {
  return query.text.replace(/\$(\d+)/g, (_, n: string) => literal(query.values[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `array[${value.map(literal).join(", ")}]`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** Runs a statement built with `sql` on a client (inside the caller's transaction), its values bound as parameters. */
export async function runSql<Row extends object = object>(client: pg.PoolClient, query: Sql) {
  return client.query<Row & pg.QueryResultRow>(query.text, query.values as unknown[]);
}
