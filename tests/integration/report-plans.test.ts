import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { REPORTS } from "@/lib/reports/registry";
import type { RawParams } from "@/lib/reports/params";
import type { ReportContext } from "@/lib/reports/run-query";
import { createFixtureProject } from "../support/fixtures";

/**
 * Every registered report and drill-down, over the representative parameters its definition declares, planned with
 * EXPLAIN and run on a real database: a statement that PostgreSQL refuses fails here before any page renders it.
 */
const NOW = new Date("2026-03-20T12:00:00Z");
let project: ReportContext["project"];

beforeAll(async () => {
  const p = await createFixtureProject(
    "plans",
    "Europe/London",
    [
      { id: "a", plan: "Pro", signup: "2026-01-05T09:00:00Z", properties: { country: "United Kingdom" } },
      { id: "b", plan: "Free", signup: "2026-01-20T09:00:00Z" },
    ],
    [
      { person: "a", name: "Visit", at: "2026-01-05T10:00:00Z", properties: { Quantity: 1 } },
      { person: "a", name: "Purchase", at: "2026-01-13T10:00:00Z", revenue: 12.5, properties: { Quantity: 2 } },
      { person: "b", name: "Visit", at: "2026-01-20T10:00:00Z" },
      { person: "b", name: "Purchase", at: "2026-02-03T10:00:00Z", revenue: 4 },
      { person: "a", name: "Visit", at: "2026-03-02T10:00:00Z" },
    ],
    [
      { person: "a", campaign: "spring-sale", variant: "A", sent: "2026-01-10T09:00:00Z", opened: "2026-01-10T10:00:00Z" },
      { person: "b", campaign: "spring-sale", holdout: true, sent: "2026-01-10T09:00:00Z" },
      { person: "a", campaign: "c1", variant: "A", sent: "2026-02-01T09:00:00Z" },
      { person: "b", campaign: "c1", variant: "B", channel: "sms", sent: "2026-02-01T09:00:00Z", clicked: "2026-02-01T09:30:00Z" },
    ],
  );
  project = { id: p.id, slug: p.slug, name: p.name, timezone: p.timezone };
});

const split = (raw: RawParams, names: readonly string[]) => Object.fromEntries(Object.entries(raw).filter(([k]) => names.includes(k)));

const cases = Object.entries(REPORTS).flatMap(([kind, report]) => [
  ...report.definition.examples.map((raw) => ({ kind, drilldown: null as string | null, raw })),
  ...Object.entries(report.definition.drilldowns).flatMap(([name, d]) =>
    (d as { examples: RawParams[] }).examples.map((raw) => ({ kind, drilldown: name as string | null, raw })),
  ),
]);

describe("every report statement plans and runs", () => {
  it("covers every report and every drill-down", () => {
    for (const [kind, report] of Object.entries(REPORTS)) {
      expect(report.definition.examples.length, kind).toBeGreaterThan(0);
      for (const name of Object.keys(report.definition.drilldowns)) expect(cases.some((c) => c.kind === kind && c.drilldown === name), name).toBe(true);
    }
  });

  it.each(cases)("$kind $drilldown $raw", async ({ kind, drilldown, raw }) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each registered report with its own types
    const report = REPORTS[kind as keyof typeof REPORTS] as any;
    const ctx: ReportContext = { db: await getDb(), project, now: NOW, log: [], explain: true };
    const params = report.definition.schema.parse(split(raw, report.definition.parameters));
    if (drilldown) {
      const d = report.definition.drilldowns[drilldown];
      await report.drilldowns[drilldown](ctx, params, d.schema.parse(split(raw, d.parameters)), { limit: 10, offset: 0 });
    } else await report.run(ctx, params);
    expect(ctx.log.length).toBeGreaterThan(0);
    for (const q of ctx.log) expect(q.plan, q.label).toBeDefined();
  });
});
