import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";

describe("database", () => {
  it("is migrated and empty", async () => {
    const { prisma, pool } = await getDb();
    expect(await prisma.project.count()).toBe(0);
    const { rows } = await pool.query("select count(*) as n from _prisma_migrations where finished_at is not null");
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
