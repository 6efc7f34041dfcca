import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import { verifyCredentials, createUser } from "@/lib/data/users";
import { getDb } from "@/lib/db/client";
import { sql } from "@/lib/db/sql";
import { cacheUsage, cached } from "@/lib/reports/result-cache";
import { reportSlotUse } from "@/lib/reports/report-slots";
import { runQuery, type ReportContext } from "@/lib/reports/run-query";
import { createFixtureProject } from "../support/fixtures";

/** 5. Bounded report cost: timeouts, capped grids, top-N breakdowns, reserved connections, a bounded cache, cancellation. */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

let project: ReportContext["project"];
beforeAll(async () => {
  const people = Array.from({ length: 14 }, (_, i) => ({ id: `p${i}`, plan: `plan-${String.fromCharCode(97 + i)}` }));
  const p = await createFixtureProject("costly", "UTC", people, people.map((x, i) => ({ person: x.id, name: "Visit", at: `2026-01-0${1 + (i % 5)}T10:00:00Z` })));
  project = { id: p.id, slug: p.slug, name: p.name, timezone: p.timezone };
  await createUser(cliActor, { email: "cost-user@example.com", name: "Cost", role: "sales", password: "quiet-mountain-lake" });
});

const refusal = (run: Promise<unknown>) => run.then(() => null, (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));

describe("report cost", () => {
  it("a grid of centuries in days is refused before its statements run (only the bounds are read), saying how to narrow it", async () => {
    const huge = { from: "0001-01-01", to: "9999-12-31", period: "day", periods: "120", breakdown: "plan" };
    const started = performance.now();
    expect(await refusal(runReport(cliActor, "costly", "retention", huge))).toEqual({
      code: "too_costly",
      message:
        "This report would have 5,258,964,960 cells (cohorts × periods × groups); the most is 100,000 (JOURNEYLENS_REPORT_MAX_CELLS). Narrow it: a later `from`, fewer `periods`, a coarser `period` (week or month rather than day), or no breakdown.",
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await refusal(runReport(cliActor, "costly", "overview", { from: "0001-01-01", to: "9999-12-31" })))?.message).toMatch(
      /^This report would have 3,652,059 days; the most is 100,000/,
    );
  });

  it("a statement past the timeout is stopped and the report named, with how to narrow it", async () => {
    process.env.JOURNEYLENS_REPORT_TIMEOUT_MS = "1";
    process.env.JOURNEYLENS_REPORT_CACHE = "off";
    expect(await refusal(runReport(cliActor, "costly", "retention", { period: "month", as_of: "2026-03-01" }))).toEqual({
      code: "too_costly",
      message:
        "The Retention report ran longer than 0.001 s and was stopped (JOURNEYLENS_REPORT_TIMEOUT_MS). Narrow it: a later `from`, fewer `periods`, a coarser `period` (week or month rather than day), or no breakdown.",
    });
  });

  it("a breakdown shows the 10 largest values and adds up the rest as (other)", async () => {
    const { result } = await runReport(cliActor, "costly", "retention", { period: "month", periods: "1", as_of: "2026-01-31", breakdown: "plan" });
    const values = result.groups.map((g) => g.value);
    expect(values).toHaveLength(12);
    expect(values[0]).toBeNull();
    expect(result.groups.find((g) => g.value === "(other)")!.size).toBe(4);
    expect(result.groups.filter((g) => g.value !== null).reduce((n, g) => n + g.size, 0)).toBe(14);
  });

  it("reports never take the reserved connections: a sign-in goes through while they are all busy", async () => {
    const db = await getDb();
    const ctx: ReportContext = { db, project, now: new Date(), log: [] };
    const slow = Array.from({ length: 12 }, () => runQuery(ctx, "sleep", sql`select pg_sleep(1.5)`));
    await new Promise((r) => setTimeout(r, 200));
    expect(reportSlotUse()).toMatchObject({ running: 7, waiting: 5, size: 7 });
    const started = performance.now();
    expect(await verifyCredentials("cost-user@example.com", "quiet-mountain-lake")).not.toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    await Promise.all(slow);
  });

  it("a statement whose client has gone is cancelled on the server", async () => {
    const db = await getDb();
    const controller = new AbortController();
    const ctx: ReportContext = { db, project, now: new Date(), log: [], signal: controller.signal };
    const started = performance.now();
    const running = runQuery(ctx, "sleep", sql`select pg_sleep(30)`).catch((e: { code?: string }) => e.code);
    setTimeout(() => controller.abort(), 300);
    expect(await running).toBe("57014");
    expect(performance.now() - started).toBeLessThan(5000);
    const { rows } = await db.pool.query("select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()");
    expect(rows[0].n).toBe(0);
  });

  it("the result cache stays within its size, dropping the least recently used", async () => {
    process.env.JOURNEYLENS_REPORT_CACHE_MB = "1";
    const big = "x".repeat(100_000);
    for (let i = 0; i < 20; i++) await cached(`size-test-${i}`, async () => big);
    expect(cacheUsage().bytes).toBeLessThanOrEqual(1024 * 1024);
    expect((await cached("size-test-19", async () => "recomputed")).hit).toBe(true);
    expect((await cached("size-test-0", async () => "recomputed")).value).toBe("recomputed");
    // A result over a quarter of the cache is computed and answered, never kept.
    expect((await cached("size-test-huge", async () => "y".repeat(200_000))).hit).toBe(false);
    expect((await cached("size-test-huge", async () => "again")).value).toBe("again");
  });

  it("requests for the same report at once share one run; a failed shared run leaves each its own", async () => {
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return "once";
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => cached("flight-test", slow)));
    expect(runs).toBe(1);
    expect(answers.map((a) => a.value)).toEqual(Array(50).fill("once"));
    expect(answers.filter((a) => !a.hit)).toHaveLength(1);

    let attempts = 0;
    const failing = cached("flight-fail", async () => {
      attempts++;
      await new Promise((r) => setTimeout(r, 20));
      throw new Error("cancelled");
    });
    const waiter = cached("flight-fail", async () => {
      attempts++;
      return "own";
    });
    await expect(failing).rejects.toThrow("cancelled");
    expect((await waiter).value).toBe("own");
    expect(attempts).toBe(2);
  });
});

describe("report statements on any server", () => {
  it("run without JIT, with the report work_mem, under the statement timeout, read-only", async () => {
    const ctx: ReportContext = { db: await getDb(), project, now: new Date(), log: [] };
    const [row] = await runQuery<{ jit: string; work_mem: string; timeout: string; read_only: string }>(
      ctx,
      "settings",
      sql`select current_setting('jit') as jit, current_setting('work_mem') as work_mem, current_setting('statement_timeout') as timeout,
        current_setting('transaction_read_only') as read_only`,
    );
    expect(row).toEqual({ jit: "off", work_mem: "64MB", timeout: "30s", read_only: "on" });
  });
});
