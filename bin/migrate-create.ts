/**
 * Creates a migration from the change to prisma/schema.prisma since the last migration, without the Prisma CLI's
 * native engine: the wasm engine diffs the schema snapshot kept beside the last migration against the current one.
 * Usage: npm run migrate:create -- <name>
 */
import fs from "node:fs";
import path from "node:path";
import { diffSchemas, listMigrations, migrationsDir, readSchema } from "../lib/db/migrate";
import { ensureEmbeddedServer } from "../lib/db/embedded-server";
import { closeDb } from "../lib/db/client";
import { env } from "../lib/env";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run migrate:create -- <name in snake_case>");
  process.exit(2);
}
const dir = migrationsDir();
fs.mkdirSync(dir, { recursive: true });
const previous = listMigrations().at(-1);
const snapshot = previous ? fs.readFileSync(path.join(dir, previous.name, "schema.prisma"), "utf8") : null;
const current = readSchema();
// The engine needs a connection even to diff two schema texts; any database on the server does.
const url = env().DATABASE_URL ?? (await ensureEmbeddedServer());
const sql = await diffSchemas(url, snapshot, current);
if (!sql.trim() || /This is an empty migration/.test(sql)) {
  console.log("No schema change since the last migration.");
} else {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const target = path.join(dir, `${stamp}_${name}`);
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, "migration.sql"), sql);
  fs.writeFileSync(path.join(target, "schema.prisma"), current);
  if (!fs.existsSync(path.join(dir, "migration_lock.toml")))
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  console.log(`Created ${path.relative(process.cwd(), target)}/migration.sql`);
}
await closeDb();
const { stopEmbeddedServer } = await import("../lib/db/embedded-server");
await stopEmbeddedServer();
