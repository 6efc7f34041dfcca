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

/** The key of the advisory lock Prisma's schema engine takes for a run of migrations on PostgreSQL. */
const MIGRATION_LOCK = 72_707_369;
const ENGINE_LOCK_STATEMENT = /^\s*select\s+pg_advisory_lock\(\s*72707369\s*\)\s*;?\s*$/i;

/**
 * The schema engine takes the session advisory lock MIGRATION_LOCK for a run and never releases it: it counts on its
 * connection closing. Behind a pooler in transaction mode (PgBouncer) the client's connection closes but the server's
 * stays open, lock and all, and the next run waits for it (the engine gives up after 10 s) for as long as that server
 * connection lives. So the engine's lock statement is answered here instead: the same lock is taken transaction-scoped,
 * in a transaction held open for the run on a connection of its own and ended with the run. While another run holds
 * it, each try is a short transaction, so a waiting process pins no server connection. Session and transaction locks
 * on one key exclude each other: `prisma migrate deploy` run by hand still takes turns with the app.
 */
class MigrationLock {
  private client: pg.Client | null = null;
  private attempt: Promise<void> | null = null;
  private inTransaction = false;
  private released = false;

  constructor(private readonly url: string) {}

  acquire(): Promise<void> {
    this.attempt ??= this.take();
    return this.attempt;
  }

  private async take() {
    const client = new pg.Client({ connectionString: this.url });
    // A connection lost while the run goes on fails the commit below; it must not take the process down first.
    client.on("error", () => {});
    this.client = client;
    await client.connect();
    while (!this.released) {
      await client.query("begin");
      this.inTransaction = true;
      const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_xact_lock($1) as locked", [MIGRATION_LOCK]);
      if (rows[0]!.locked) return;
      await client.query("rollback");
      this.inTransaction = false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("The migration run ended before it could take the migration lock.");
  }

  /** Ends the lock's transaction (a waiting try stops), and its connection. */
  async release() {
    this.released = true;
    await this.attempt?.catch(() => {});
    if (!this.client) return;
    if (this.inTransaction) await this.client.query("commit").catch(() => {});
    await this.client.end().catch(() => {});
  }
}

/**
 * The pg adapter runs a migration by splitting its text on every ";" (inside strings, comments and function bodies
 * too) and sending the pieces one by one, outside any transaction: a failing migration was left half-applied. Here
 * the script goes whole, as one simple-protocol query, which PostgreSQL runs as one implicit transaction, so a
 * migration is applied entirely or not at all. Errors are converted as the adapter converts them. The engine's
 * session lock is replaced by a MigrationLock.
 */
class WholeScriptPg extends PrismaPg {
  constructor(
    private readonly pool: pg.Pool,
    private readonly lock: MigrationLock,
  ) {
    super(pool);
  }
  override async connect() {
    const adapter = await super.connect();
    const convert = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      await this.pool.query(script).catch(convert);
    };
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (!ENGINE_LOCK_STATEMENT.test(query.sql)) return executeRaw(query);
      await this.lock.acquire().catch(convert);
      return 1;
    };
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (query) => {
      if (!ENGINE_LOCK_STATEMENT.test(query.sql)) return queryRaw(query);
      await this.lock.acquire().catch(convert);
      return queryRaw({ sql: "select null::void as pg_advisory_lock", args: [], argTypes: [] });
    };
    return adapter;
  }
}

/** Runs `work` with a schema engine on a dedicated one-connection pool (the engine sends one statement at a time),
 * and ends the migration lock the engine asked for, if it did. */
export async function withSchemaEngine<T>(url: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  await loadWasm();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const lock = new MigrationLock(url);
  try {
    const factory = bindMigrationAwareSqlAdapterFactory(new WholeScriptPg(pool, lock));
    const engine = await glue.SchemaEngine.new({ datamodels: [["schema.prisma", readSchema()]] }, () => {}, factory);
    return await work(engine);
  } finally {
    await lock.release();
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
