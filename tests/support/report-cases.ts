import { REPORTS } from "@/lib/reports/registry";
import type { RawParams } from "@/lib/reports/params";
import type { ReportContext } from "@/lib/reports/run-query";
import { createFixtureProject } from "./fixtures";

export type ReportCase = { kind: string; drilldown: string | null; raw: RawParams };

/** Every registered report and drill-down, once for each representative parameter set its definition declares. */
export const REPORT_CASES: ReportCase[] = Object.entries(REPORTS).flatMap(([kind, report]) => [
  ...report.definition.examples.map((raw) => ({ kind, drilldown: null as string | null, raw })),
  ...Object.entries(report.definition.drilldowns).flatMap(([name, d]) =>
    (d as { examples: RawParams[] }).examples.map((raw) => ({ kind, drilldown: name as string | null, raw })),
  ),
]);

const split = (raw: RawParams, names: readonly string[]) => Object.fromEntries(Object.entries(raw).filter(([k]) => names.includes(k)));

/** Runs one case as the page would, through the report's own run or drill-down; its statements land in ctx.log. */
export async function runReportCase(ctx: ReportContext, { kind, drilldown, raw }: ReportCase) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each registered report with its own types
  const report = REPORTS[kind as keyof typeof REPORTS] as any;
  const params = report.definition.schema.parse(split(raw, report.definition.parameters));
  if (drilldown) {
    const d = report.definition.drilldowns[drilldown];
    await report.drilldowns[drilldown](ctx, params, d.schema.parse(split(raw, d.parameters)), { limit: 10, offset: 0 });
  } else await report.run(ctx, params);
}

/** A project with a little of everything the reports read: plans, a property, revenue, two campaigns, a holdout. */
export async function createPlanFixture(slug: string): Promise<ReportContext["project"]> {
  const p = await createFixtureProject(
    slug,
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
  return { id: p.id, slug: p.slug, name: p.name, timezone: p.timezone };
}
