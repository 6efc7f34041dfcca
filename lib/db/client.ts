import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { prepareDatabase } from "./connection";
import { env } from "@/lib/env";

// COUNT(*) and SUM over bigint come back as strings by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = { prisma: PrismaClient; pool: pg.Pool };

// Kept on globalThis so Next's module reloading in development does not open a pool per reload.
const state = globalThis as unknown as { journeylensDb?: Promise<Db> };

/** The process's database: started or connected, migrated, with one pool shared by Prisma and raw SQL. */
export function getDb(): Promise<Db> {
  state.journeylensDb ??= (async () => {
    const url = await prepareDatabase();
    const pool = new pg.Pool({ connectionString: url, max: env().JOURNEYLENS_DB_POOL });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return { prisma, pool };
  })().catch((error) => {
    state.journeylensDb = undefined;
    throw error;
  });
  return state.journeylensDb;
}

/** Ends the pool so scripts and the CLI exit at once instead of waiting for idle connections to time out. */
export async function closeDb() {
  const db = state.journeylensDb;
  state.journeylensDb = undefined;
  if (!db) return;
  const { prisma, pool } = await db;
  await prisma.$disconnect();
  await pool.end().catch(() => {});
}
