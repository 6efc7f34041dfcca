import { afterEach, describe, expect, it } from "vitest";
import { alertsSettled } from "@/lib/data/alerts";
import { getDb, type Db } from "@/lib/db/client";
import { createFixtureProject } from "../support/fixtures";
import { importText } from "../support/ingest";

/*
 * An import writes through plain SQL alone. Prisma's query engine, loaded on a process's first Prisma call, is ~60 MB
 * of memory: a command-line import that made one call for its upload record or its audit entry peaked at 281–295 MB
 * on 10M events, and at 222 MB without (docs/performance.md). Every Prisma call during an import fails this test.
 */
let restore: (() => void) | null = null;
afterEach(() => restore?.());

describe("an import's writes", () => {
  it("go through plain SQL, never Prisma, from the upload record to the alert rules looked up after it", async () => {
    await createFixtureProject("plainsql", "UTC", [{ id: "a" }], []);
    const db: Db = await getDb();
    const prisma = db.prisma;
    const touched: string[] = [];
    db.prisma = new Proxy(prisma, { get: (target, key) => (touched.push(String(key)), Reflect.get(target, key)) });
    restore = () => (db.prisma = prisma);
    for (const [kind, csv] of [
      ["events", "person,time,name\na,2026-05-01 10:00,View\nb,2026-05-02 11:00,Buy\n"],
      ["people", "person,plan\na,Pro\nc,Free\n"],
    ] as const) {
      const result = await importText("plainsql", csv, { kind });
      expect(result.status).toBe("stored");
    }
    await alertsSettled();
    expect(touched).toEqual([]);
  });
});
