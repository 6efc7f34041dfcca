"use client";

import { ResponsiveBar } from "@nivo/bar";
import { BarLegend } from "@/components/charts/bar-legend";
import { ChartExport } from "@/components/charts/chart-export";
import { seriesColor } from "@/components/charts/palette";
import { chartTheme } from "@/components/charts/theme";
import type { FunnelGroup, FunnelResult } from "@/lib/reports/funnel/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import { ChartTooltip } from "@/components/charts/chart-tooltip";

export type StepSelection = { step: number; group: string | null };
const groupName = (g: FunnelGroup) => g.value ?? "Everyone";

/**
 * One bar per step. Everyone: the people at each step, labelled with the share of step 1. With a breakdown, one bar
 * per value side by side, as the share of that value's step 1, so that groups of any size compare. A click on a bar
 * selects that step (and group) for its people.
 */
export function FunnelChart({ result, height = 340, onSelect }: { result: FunnelResult; height?: number; onSelect?: (s: StepSelection) => void }) {
  const groups = result.breakdown ? result.groups.filter((g) => g.value !== null) : result.groups.slice(0, 1);
  const byRate = result.breakdown !== null;
  const keys = groups.map(groupName);
  const data = result.steps.map((step, i) => {
    const row: Record<string, string | number> = { step: `${i + 1}. ${step.label}` };
    for (const g of groups) {
      const s = g.steps[i]!;
      row[groupName(g)] = byRate ? Math.round((s.overallConversion ?? 0) * 10000) / 100 : s.people;
      row[`${groupName(g)}:people`] = s.people;
      row[`${groupName(g)}:rate`] = s.overallConversion ?? 0;
      row[`${groupName(g)}:step`] = s.stepConversion ?? 1;
      row[`${groupName(g)}:drop`] = s.dropOff;
    }
    return row;
  });
  const table = {
    columns: ["step", "group", "people", "overall_conversion", "step_conversion"],
    rows: groups.flatMap((g) => g.steps.map((s, i) => [i + 1, g.value ?? "(all)", s.people, s.overallConversion, s.stepConversion])),
  };
  const compact = height < 300;
  return (
    <ChartExport title="Funnel" table={table}>
      {byRate && (
        <BarLegend items={keys.map((k, i) => ({ label: k, color: seriesColor(i) }))} />
      )}
      <div style={{ height }} data-testid="funnel-chart">
        <ResponsiveBar
          data={data}
          keys={keys}
          indexBy="step"
          groupMode="grouped"
          margin={{ top: 12, right: 16, bottom: compact ? 40 : 56, left: 64 }}
          padding={0.25}
          innerPadding={2}
          valueScale={{ type: "linear", min: 0, max: byRate ? 100 : "auto" }}
          colors={({ id }) => seriesColor(keys.indexOf(String(id)))}
          theme={chartTheme}
          label={(d) => {
            const key = String(d.id);
            const people = Number(d.data[`${key}:people`]);
            const rate = Number(d.data[`${key}:rate`]);
            return byRate ? formatPercent(rate, 0) : `${formatNumber(people)} · ${formatPercent(rate, 0)}`;
          }}
          labelSkipHeight={14}
          labelSkipWidth={30}
          labelTextColor="#ffffff"
          axisBottom={{ tickSize: 0, tickPadding: 8, format: (v: string) => (v.length > 28 ? `${v.slice(0, 27)}…` : v) }}
          axisLeft={{
            tickSize: 0,
            tickPadding: 8,
            tickValues: 5,
            format: (v) => (byRate ? `${v}%` : formatNumber(Number(v))),
            legend: byRate ? "% of step 1" : "people",
            legendPosition: "middle",
            legendOffset: -52,
          }}
          tooltip={({ id, indexValue, data: row }) => {
            const key = String(id);
            return (
              <ChartTooltip testId="chart-tooltip">
                <p className="font-semibold text-slate-800">{indexValue}</p>
                {result.breakdown && <p className="text-slate-600">{key}</p>}
                <p className="text-slate-700">{formatNumber(Number(row[`${key}:people`]))} people</p>
                <p className="text-slate-700">{formatPercent(Number(row[`${key}:rate`]))} of step 1</p>
                <p className="text-slate-700">{formatPercent(Number(row[`${key}:step`]))} of the step before</p>
                {Number(row[`${key}:drop`]) > 0 && <p className="text-slate-500">{formatNumber(Number(row[`${key}:drop`]))} dropped off before it</p>}
                {onSelect && <p className="mt-1 text-slate-400">Click for the people</p>}
              </ChartTooltip>
            );
          }}
          onClick={(bar) => {
            const step = Number(String(bar.indexValue).split(".")[0]);
            onSelect?.({ step, group: result.breakdown ? String(bar.id) : null });
          }}
          role="img"
          ariaLabel="People at each step of the funnel"
          animate={false}
        />
      </div>
    </ChartExport>
  );
}
