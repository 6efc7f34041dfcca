import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { applyMigrations, listMigrations } from "@/lib/db/migrate";

describe("database", () => {
  it("has every migration applied", async () => {
    const { pool } = await getDb();
    const { rows } = await pool.query("select migration_name from _prisma_migrations where finished_at is not null order by 1");
    expect(rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
  });

  it("is not the app's database", async () => {
    const { pool } = await getDb();
    const { rows } = await pool.query("select current_database() as name");
    expect(rows[0].name).toMatch(/^jl_unit_/);
  });

  it("applies each migration whole or not at all, semicolons in comments and function bodies included", async () => {
    const { pool } = await getDb();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "jl-migrations-"));
    const write = (name: string, text: string) => {
      fs.mkdirSync(path.join(home, "prisma/migrations", name), { recursive: true });
      fs.writeFileSync(path.join(home, "prisma/migrations", name, "migration.sql"), text);
    };
    write("1_function", "-- a comment; with a semicolon\nCREATE TABLE t (a int);\nCREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); END $$;\nSELECT f();\n");
    write("2_fails", "CREATE TABLE u (a int);\nINSERT INTO t VALUES (3);\nSELECT 1 / 0;\n");
    fs.copyFileSync("prisma/schema.prisma", path.join(home, "prisma/schema.prisma"));
    fs.symlinkSync(path.resolve("node_modules"), path.join(home, "node_modules"));
    const name = `jl_migrate_${Date.now().toString(36)}`;
    await pool.query(`create database ${name}`);
    const url = new URL(String(pool.options.connectionString));
    url.pathname = `/${name}`;
    const other = new pg.Pool({ connectionString: url.toString(), max: 1 });
    process.env.JOURNEYLENS_HOME = home;
    try {
      await expect(applyMigrations(url.toString())).rejects.toThrow(/division by zero/);
      expect((await other.query("select a from t order by a")).rows).toEqual([{ a: 1 }, { a: 2 }]);
      expect((await other.query("select to_regclass('u') as u")).rows).toEqual([{ u: null }]);
    } finally {
      delete process.env.JOURNEYLENS_HOME;
      await other.end();
      await pool.query(`drop database ${name}`);
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
