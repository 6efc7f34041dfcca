"use client";

import { ChartExport } from "@/components/charts/chart-export";
import { ResponsiveHeatMap } from "@nivo/heatmap";
import type { CampaignSummary, CohortCell } from "@/lib/reports/campaigns/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import { chartTheme } from "@/components/charts/theme";
import { heatmapLegend } from "@/components/charts/heatmap-legend";
import { ChartTooltip } from "@/components/charts/chart-tooltip";
import { labelColorOn } from "@/components/charts/label-color";

/** The newest campaigns drawn: more columns than this no longer fit a laptop's width. */
export const HEATMAP_CAMPAIGNS = 16;
const ROW_HEIGHT = 28;
const MARGIN = { top: 56, right: 24, bottom: 56, left: 90 };
const COLUMN_WIDTH = 72;

type Cell = { x: string; y: number | null; name: string; dormant: number; reengaged: number };

/**
 * Re-engagement of dormant recipients, one row per signup month and one column per campaign (oldest to newest, the
 * columns named by send date): which cohorts a campaign brought back.
 */
export function CohortCampaignHeatmap({ cells, campaigns, timezone }: { cells: CohortCell[]; campaigns: CampaignSummary[]; timezone: string }) {
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, day: "numeric", month: "short", year: "2-digit" });
  const withCells = new Set(cells.map((c) => c.campaign));
  const shown = campaigns.filter((c) => withCells.has(c.campaign)).slice(0, HEATMAP_CAMPAIGNS).reverse();
  if (!shown.length) return <p className="text-sm text-slate-500">No recipient was dormant before a send in this range.</p>;
  // Columns are named by send date (the tooltip names the campaign); a second campaign on one day is numbered.
  const label = new Map<string, string>();
  const used = new Set<string>();
  for (const c of shown) {
    let text = day.format(new Date(c.firstSend));
    for (let n = 2; used.has(text); n++) text = `${day.format(new Date(c.firstSend))} (${n})`;
    used.add(text);
    label.set(c.campaign, text);
  }
  const cohorts = [...new Set(cells.map((c) => c.cohort))].sort();
  const byKey = new Map(cells.map((c) => [`${c.cohort}\u0000${c.campaign}`, c]));
  const data = cohorts.map((cohort) => ({
    id: cohort,
    data: shown.map((c): Cell => {
      const cell = byKey.get(`${cohort}\u0000${c.campaign}`);
      return { x: label.get(c.campaign)!, y: cell?.rate ?? null, name: c.name, dormant: cell?.dormant ?? 0, reengaged: cell?.reengaged ?? 0 };
    }),
  }));
  const table = {
    columns: ["signup_cohort", "campaign", "campaign_name", "dormant_recipients", "reengaged", "rate"],
    rows: cells.map((c) => [c.cohort, c.campaign, shown.find((x) => x.campaign === c.campaign)?.name ?? c.campaign, c.dormant, c.reengaged, c.rate]),
  };
  return (
    <ChartExport title="Re-engagement by signup cohort and campaign" table={table}>
      <div style={{ height: MARGIN.top + MARGIN.bottom + cohorts.length * ROW_HEIGHT, maxWidth: MARGIN.left + MARGIN.right + Math.max(4, shown.length) * COLUMN_WIDTH }} role="figure" aria-label="Re-engagement by signup cohort and campaign" data-testid="cohort-campaign-heatmap">
        <ResponsiveHeatMap<Cell, object>
          data={data}
          margin={MARGIN}
          theme={chartTheme}
          valueFormat=">-.0%"
          colors={{ type: "sequential", scheme: "greens", minValue: 0, maxValue: 1 }}
          emptyColor="#f8fafc"
          labelTextColor={(cell) => labelColorOn(cell.color)}
          xInnerPadding={0.04}
          yInnerPadding={0.08}
          borderRadius={3}
          axisTop={{ tickSize: 0, tickPadding: 6, tickRotation: -30 }}
          axisLeft={{ tickSize: 0, tickPadding: 8, legend: "Signup month", legendPosition: "middle", legendOffset: -76 }}
          legends={[heatmapLegend({ offset: 36, ticks: [0, 0.25, 0.5, 0.75, 1], format: ">-.0%", title: "Dormant recipients re-engaged →" })]}
          tooltip={({ cell }) => (
            <ChartTooltip className="w-64" testId="chart-tooltip">
              <p className="font-semibold text-slate-800">{cell.data.name}</p>
              <p className="text-slate-500">Sent {cell.data.x}</p>
              <p className="text-slate-500">Signed up {cell.serieId}</p>
              <p className="text-slate-700">
                {cell.data.dormant ? `${formatPercent(cell.data.reengaged / cell.data.dormant)}: ${formatNumber(cell.data.reengaged)} of ${formatNumber(cell.data.dormant)} dormant recipients re-engaged` : "No dormant recipient"}
              </p>
            </ChartTooltip>
          )}
          hoverTarget="cell"
          activeOpacity={1}
          inactiveOpacity={0.75}
          animate={false}
        />
      </div>
    </ChartExport>
  );
}
