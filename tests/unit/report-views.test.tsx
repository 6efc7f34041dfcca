import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { REPORT_VIEWS, reportNavigation, reportViews } from "@/components/reports/registry";
import type { ReportOutput } from "@/lib/reports/definition";
import type { OverviewResult } from "@/lib/reports/overview/definition";
import type { RetentionGroup, RetentionResult } from "@/lib/reports/retention/definition";
import { averageBase } from "@/components/reports/retention/average-base";
import { RevenueView } from "@/components/reports/revenue/revenue-view";
import type { RevenueMonth, RevenueResult } from "@/lib/reports/revenue/definition";

const project = { slug: "shop", name: "Shop", timezone: "UTC" };
const output = <R,>(kind: string, result: R): ReportOutput<R> => ({
  kind,
  project: "shop",
  params: {},
  definition: [],
  result,
  queries: [],
  computedAt: "2026-03-01T00:00:00Z",
  warnings: [],
  cached: false,
  asOf: "2026-03-01T00:00:00Z",
  asOfSource: "now",
  dataEnd: null,
  unavailable: null,
});

describe("the view registry", () => {
  it("gives navigation in registry order and knows only its own kinds", () => {
    expect(reportNavigation().map((n) => n.kind)).toEqual(Object.keys(REPORT_VIEWS));
    expect(reportViews("retention")?.label).toBe("Retention");
    expect(reportViews("constructor")).toBeUndefined();
    expect(reportViews("toString")).toBeUndefined();
  });

  it("draws a compact overview tile with its totals", () => {
    const result: OverviewResult = {
      asOf: "2026-03-01T00:00:00Z",
      fromDay: "2026-02-27",
      toDay: "2026-03-01",
      partialDay: null,
      totals: { people: 1234, events: 56789, untimedEvents: 0, firstEvent: null, lastEvent: null },
      perDay: [{ day: "2026-02-27", events: 3, people: 2 }],
      topEvents: [],
      previous: null,
      source: "events",
    };
    const html = renderToStaticMarkup(<REPORT_VIEWS.overview.Tile project={project} output={output("overview", result)} />);
    expect(html).toContain("1,234");
    expect(html).toContain("56,789");
    expect(REPORT_VIEWS.overview.covers(result)).toBe("2026-02-27 to 2026-03-01");
  });

  it("draws a compact retention tile with its period-1 headline", () => {
    const result: RetentionResult = {
      asOf: "2026-03-01T00:00:00Z",
      period: "month",
      periods: 2,
      fromDay: "2026-01-01",
      toDay: "2026-02-28",
      breakdown: null,
      groups: [{ value: null, size: 40, cohorts: [], average: [1, 0.25] }],
      reactivation: [],
      source: "rollup",
    };
    const html = renderToStaticMarkup(<REPORT_VIEWS.retention.Tile project={project} output={output("retention", result)} />);
    expect(html).toContain("25.0%");
    expect(html).toContain("month 1 retention");
    expect(REPORT_VIEWS.retention.covers(result)).toBe("Cohorts Jan 2026 to Feb 2026");
  });

  it("gives the ARPU card's last whole month, and the month so far beside it", () => {
    const month = (m: string, complete: boolean, revenue: number, active: number): RevenueMonth => ({ month: m, value: null, complete, revenue, active, paying: active, arpu: revenue / active, arppu: revenue / active });
    const result: RevenueResult = {
      asOf: "2026-03-10T23:59:59.999Z", fromMonth: "2026-01-01", toMonth: "2026-03-01", breakdown: "source",
      months: [month("2026-01-01", true, 300, 100), month("2026-02-01", true, 250, 100), month("2026-03-01", false, 40, 80)],
      ltv: [], channels: [], payback: [], comparisons: [],
    };
    const props = { project, output: output("revenue", result), vocabulary: {}, viewer: {} } as unknown as Parameters<typeof RevenueView>[0];
    const card = (html: string) => html.slice(html.indexOf('data-testid="stat-arpu"'), html.indexOf('data-testid="stat-spend"'));
    expect(card(renderToStaticMarkup(<RevenueView {...props} />))).toMatch(/>2\.50<.*in 2026-02, per active person; 2026-03 so far: 0\.50</);
    result.months[2]!.complete = true;
    expect(card(renderToStaticMarkup(<RevenueView {...props} />))).toMatch(/>0\.50<.*in 2026-03, per active person</);
  });

  it("names the cohorts and people a headline rate rests on, and flags a small base", () => {
    const cell = (retained: number, size: number, state: "complete" | "incomplete") => ({ retained, rate: retained / size, state });
    const group: RetentionGroup = {
      value: null,
      size: 70,
      cohorts: [
        { cohort: "2026-01-01", size: 30, cells: [cell(30, 30, "complete"), cell(6, 30, "complete")] },
        { cohort: "2026-02-01", size: 40, cells: [cell(40, 40, "complete"), cell(4, 40, "incomplete")] },
      ],
      average: [1, 0.2],
    };
    expect(averageBase(group, 1)).toBe("weighted average of 1 complete cohort, 30 people — a small base, read with care");
    expect(averageBase(group, 0)).toBe("weighted average of 2 complete cohorts, 70 people — a small base, read with care");
  });
});
