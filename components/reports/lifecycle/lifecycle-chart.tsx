"use client";

import { BarLegend } from "@/components/charts/bar-legend";
import { ChartExport } from "@/components/charts/chart-export";
import { ResponsiveBar } from "@nivo/bar";
import type { LifecycleGroup } from "@/lib/reports/lifecycle/definition";
import type { Grain } from "@/lib/reports/periods";
import { cohortLabel, shortCohortLabel } from "@/lib/reports/periods";
import { formatNumber } from "@/lib/format";
import { chartTheme } from "@/components/charts/theme";
import { ChartTooltip } from "@/components/charts/chart-tooltip";

const KEYS = ["new", "returning", "resurrected", "dormant"] as const;
const LABELS: Record<(typeof KEYS)[number], string> = { new: "New", returning: "Returning", resurrected: "Resurrected", dormant: "Dormant" };
const COLOURS: Record<(typeof KEYS)[number], string> = { new: "#4f46e5", returning: "#0d9488", resurrected: "#d97706", dormant: "#dc2626" };

/** Stacked bars per period: the active people above zero by kind, the dormant below it; an unfinished period is faded. */
export function LifecycleChart({ group, period, height = 320 }: { group: LifecycleGroup; period: Grain; height?: number }) {
  if (!group.periods.some((x) => x.new || x.returning || x.resurrected || x.dormant))
    return (
      <div style={{ height }} className="flex items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-500">
        Nobody was active in this range. Try a longer range or fewer filters.
      </div>
    );
  // A small chart names its bars briefly and at a slant, so that a year of months still fits; a large one briefly
  // past six bars, where "Week of Sep 21, 2026" under each ran into its neighbours.
  const compact = height < 300;
  const label = compact || group.periods.length > 6 ? shortCohortLabel : cohortLabel;
  const data = group.periods.map((x) => ({
    period: label(period, x.period) + (x.complete ? "" : compact ? "*" : " (so far)"),
    new: x.new,
    returning: x.returning,
    resurrected: x.resurrected,
    dormant: -x.dormant,
    complete: x.complete ? 1 : 0,
  }));
  const table = { columns: ["period", "new", "returning", "resurrected", "dormant", "complete"], rows: group.periods.map((x) => [x.period, x.new, x.returning, x.resurrected, x.dormant, x.complete ? "yes" : "no"]) };
  return (
    <ChartExport title={`Lifecycle by ${period}`} table={table}>
      <div className="w-full">
        <BarLegend items={KEYS.map((k) => ({ label: `${LABELS[k]}${k === "dormant" ? " (below zero)" : ""}`, color: COLOURS[k] }))} />
        <div style={{ height }} data-testid="lifecycle-chart">
          <ResponsiveBar
            data={data}
            keys={[...KEYS]}
            indexBy="period"
            margin={{ top: 8, right: 16, bottom: compact ? 56 : 48, left: 56 }}
            // Dormant people are drawn below zero: the scale reaches down to them.
            valueScale={{ type: "linear", min: "auto", max: "auto", nice: true }}
            padding={0.25}
            colors={({ id }) => COLOURS[id as (typeof KEYS)[number]]}
            theme={chartTheme}
            enableLabel={false}
            valueFormat={(v) => formatNumber(Math.abs(v))}
            axisBottom={{ tickSize: 0, tickPadding: 8, tickRotation: compact || data.length > 14 ? -40 : 0 }}
            axisLeft={{ tickSize: 0, tickPadding: 8, tickValues: 5, format: (v) => formatNumber(Number(v)), legend: "people", legendPosition: "middle", legendOffset: -44 }}
            markers={[{ axis: "y", value: 0, lineStyle: { stroke: "#94a3b8", strokeWidth: 1 } }]}
            tooltip={({ id, value, indexValue }) => (
              <ChartTooltip testId="chart-tooltip">
                <p className="font-semibold text-slate-800">{indexValue}</p>
                <p className="text-slate-700">
                  {LABELS[id as (typeof KEYS)[number]]}: {formatNumber(Math.abs(value ?? 0))} people
                </p>
              </ChartTooltip>
            )}
            role="img"
            ariaLabel="New, returning, resurrected and dormant people per period"
            animate={false}
          />
        </div>
      </div>
    </ChartExport>
  );
}
