import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { listMigrations } from "@/lib/db/migrate";

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
});
