import "server-only";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { env } from "@/lib/env";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Applies prisma/migrations with Prisma's schema engine compiled to WebAssembly, in-process, so no native engine
 * is downloaded. It writes the same `_prisma_migrations` table as `prisma migrate deploy`: a database migrated
 * either way is interchangeable.
 */

type Engine = glue.SchemaEngine;

function projectRoot() {
  return env().JOURNEYLENS_HOME ?? process.cwd();
}

let wasmReady: Promise<void> | null = null;
function loadWasm() {
  // Node 20 cannot import a .wasm module; the file is located under node_modules by path because inside the Next
  // server bundle require.resolve returns a module id, not a path.
  wasmReady ??= (async () => {
    const file = path.join(/*turbopackIgnore: true*/ projectRoot(), "node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(file), { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

export function readSchema() {
  return fs.readFileSync(path.join(/*turbopackIgnore: true*/ projectRoot(), "prisma/schema.prisma"), "utf8");
}

export function migrationsDir() {
  return path.join(/*turbopackIgnore: true*/ projectRoot(), "prisma/migrations");
}

export function listMigrations() {
  const dir = migrationsDir();
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}

/**
 * The pg adapter runs a migration by splitting its text on every ";" (inside strings, comments and function bodies
 * too) and sending the pieces one by one, outside any transaction: a failing migration was left half-applied. Here
 * the script goes whole, as one simple-protocol query, which PostgreSQL runs as one implicit transaction, so a
 * migration is applied entirely or not at all. Errors are converted as the adapter converts them.
 */
class WholeScriptPg extends PrismaPg {
  constructor(private readonly pool: pg.Pool) {
    super(pool);
  }
  override async connect() {
    const adapter = await super.connect();
    const convert = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      await this.pool.query(script).catch(convert);
    };
    return adapter;
  }
}

/** Runs `work` with a schema engine on a dedicated one-connection pool: the engine's advisory lock must be
 * released on the connection that took it. */
export async function withSchemaEngine<T>(url: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  await loadWasm();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const factory = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool));
    const engine = await glue.SchemaEngine.new({ datamodels: [["schema.prisma", readSchema()]] }, () => {}, factory);
    return await work(engine);
  } finally {
    await pool.end();
  }
}

const noFilters = { externalTables: [], externalEnums: [] };

export async function applyMigrations(url: string): Promise<string[]> {
  const dir = migrationsDir();
  const lockPath = path.join(dir, "migration_lock.toml");
  return withSchemaEngine(url, async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: {
        baseDir: dir,
        lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
        shadowDbInitScript: "",
        migrationDirectories: listMigrations().map((m) => ({
          path: m.name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
        })),
      },
      filters: noFilters,
    });
    return out.appliedMigrationNames;
  });
}

/** The SQL that takes a database from the `from` schema text (null: empty) to the `to` schema text. */
export async function diffSchemas(url: string, from: string | null, to: string): Promise<string> {
  return withSchemaEngine(url, async (engine) => {
    const target = (content: string) => ({ tag: "schemaDatamodel" as const, files: [{ path: "schema.prisma", content }] });
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? "";
  });
}
