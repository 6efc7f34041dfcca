import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { prepareDatabase } from "./connection";
import { env } from "@/lib/env";

// COUNT(*) and SUM over bigint come back as strings by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = {
  prisma: PrismaClient;
  /** The primary: every write, and every read outside the reports. */
  pool: pg.Pool;
  /** What report statements read: a streaming replica's pool when DATABASE_READ_URL is set, else `pool` itself. */
  reads: pg.Pool;
};

// Kept on globalThis so Next's module reloading in development does not open a pool per reload.
const state = globalThis as unknown as { journeylensDb?: Promise<Db> };

/** The process's database: started or connected, migrated, with one pool shared by Prisma and raw SQL. */
export function getDb(): Promise<Db> {
  state.journeylensDb ??= (async () => {
    const settings = env();
    if (settings.DATABASE_READ_URL && !settings.DATABASE_URL) throw new Error("DATABASE_READ_URL names a replica of DATABASE_URL's server: set DATABASE_URL too.");
    const url = await prepareDatabase();
    const pool = openPool(url);
    // The replica follows the primary's migrations through replication; nothing is ever written to it.
    const reads = settings.DATABASE_READ_URL ? openPool(settings.DATABASE_READ_URL) : pool;
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { prisma, pool, reads };
  })().catch((error) => {
    state.journeylensDb = undefined;
    throw error;
  });
  return state.journeylensDb;
}

function openPool(url: string) {
  // A request waits for a connection at most JOURNEYLENS_DB_CONNECT_TIMEOUT_MS, then fails instead of queueing forever.
  const pool = new pg.Pool({ connectionString: url, max: env().JOURNEYLENS_DB_POOL, connectionTimeoutMillis: env().JOURNEYLENS_DB_CONNECT_TIMEOUT_MS });
  // A connection the server drops (a restart, a network cut) must not take the process down with it, idle in the
  // pool or checked out: the statement on it fails, and the pool makes a new one for the next.
  pool.on("error", (error) => console.error("journeylens: an idle database connection failed:", error.message));
  pool.on("connect", (client) => client.on("error", (error) => console.error("journeylens: a database connection failed:", error.message)));
  return pool;
}

/** Ends the pool so scripts and the CLI exit at once instead of waiting for idle connections to time out. */
export async function closeDb() {
  const db = state.journeylensDb;
  state.journeylensDb = undefined;
  if (!db) return;
  const { prisma, pool, reads } = await db;
  await prisma.$disconnect();
  await pool.end().catch(() => {});
  if (reads !== pool) await reads.end().catch(() => {});
}
