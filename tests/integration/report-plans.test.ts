import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { REPORTS } from "@/lib/reports/registry";
import type { ReportContext } from "@/lib/reports/run-query";
import { createPlanFixture, REPORT_CASES, runReportCase } from "../support/report-cases";

/**
 * Every registered report and drill-down, over the representative parameters its definition declares, planned with
 * EXPLAIN and run on a real database: a statement that PostgreSQL refuses fails here before any page renders it.
 */
const NOW = new Date("2026-03-20T12:00:00Z");
let project: ReportContext["project"];

beforeAll(async () => {
  project = await createPlanFixture("plans");
});

describe("every report statement plans and runs", () => {
  it("covers every report and every drill-down", () => {
    for (const [kind, report] of Object.entries(REPORTS)) {
      expect(report.definition.examples.length, kind).toBeGreaterThan(0);
      for (const name of Object.keys(report.definition.drilldowns))
        expect(REPORT_CASES.some((c) => c.kind === kind && c.drilldown === name), name).toBe(true);
    }
  });

  it.each(REPORT_CASES)("$kind $drilldown $raw", async (c) => {
    const ctx: ReportContext = { db: await getDb(), project, now: NOW, log: [], explain: true };
    await runReportCase(ctx, c);
    expect(ctx.log.length).toBeGreaterThan(0);
    for (const q of ctx.log) expect(q.plan, q.label).toBeDefined();
  });
});
