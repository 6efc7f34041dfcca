import "server-only";
import pg from "pg";
import { applyMigrations } from "./migrate";
import { embeddedDatabaseUrl, ensureEmbeddedServer } from "./embedded-server";

/**
 * Which database this process uses: the server named by DATABASE_URL, or else the embedded server's
 * `journeylens` database. Either way the same migrations are applied before first use.
 */
export async function resolveDatabaseUrl(): Promise<string> {
  const configured = process.env.DATABASE_URL;
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
  await applyMigrations(url);
  return url;
}
