import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { applyMigrations, listMigrations } from "./migrate";
import { embeddedDatabaseUrl, ensureEmbeddedServer } from "./embedded-server";

/**
 * Which database this process uses: the server named by DATABASE_URL, or else the embedded server's
 * `journeylens` database. Either way the same migrations are applied before first use.
 */
export async function resolveDatabaseUrl(): Promise<string> {
  const configured = env().DATABASE_URL;
  if (configured) return configured;
  const adminUrl = await ensureEmbeddedServer();
  await createDatabaseIfMissing(adminUrl, "journeylens");
  return embeddedDatabaseUrl("journeylens");
}

export async function createDatabaseIfMissing(adminUrl: string, name: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } catch (error) {
    // Another process created it between the check and the create.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

export async function prepareDatabase(): Promise<string> {
  const url = await resolveDatabaseUrl();
  if (!(await isUpToDate(url))) await applyMigrations(url);
  return url;
}

/** Loading the schema engine costs about a second; skip it when every migration is already applied. */
async function isUpToDate(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      "select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return listMigrations().every((m) => applied.has(m.name));
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return false; // no _prisma_migrations table yet
    throw error;
  } finally {
    await client.end();
  }
}
