"use client";

import { ChartExport } from "@/components/charts/chart-export";
import { ResponsiveHeatMap } from "@nivo/heatmap";
import type { HourCell } from "@/lib/reports/activity/definition";
import { formatNumber } from "@/lib/format";
import { chartTheme } from "@/components/charts/theme";
import { heatmapLegend } from "@/components/charts/heatmap-legend";
import { ChartTooltip } from "@/components/charts/chart-tooltip";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MARGIN = { top: 44, right: 16, bottom: 56, left: 48 };
type Cell = { x: string; y: number; people: number };

/** Events per local weekday and hour over the range, with the people behind them on hover. */
export function WeekdayHourHeatmap({ cells, timezone }: { cells: HourCell[]; timezone: string }) {
  if (!cells.length) return <p className="text-sm text-slate-500">No events in this range.</p>;
  const byKey = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c]));
  const data = WEEKDAYS.map((label, i) => ({
    id: label,
    data: Array.from({ length: 24 }, (_, hour): Cell => {
      const c = byKey.get(`${i + 1}-${hour}`);
      return { x: String(hour).padStart(2, "0"), y: c?.events ?? 0, people: c?.people ?? 0 };
    }),
  }));
  const max = Math.max(1, ...cells.map((c) => c.events));
  const table = { columns: ["weekday", "hour", "events", "people"], rows: cells.map((c) => [WEEKDAYS[c.weekday - 1]!, c.hour, c.events, c.people]) };
  return (
    <ChartExport title={`Events by weekday and hour (${timezone})`} table={table}>
      <div style={{ height: MARGIN.top + MARGIN.bottom + 7 * 26 }} role="figure" aria-label={`Events by weekday and hour (${timezone})`} data-testid="weekday-hour-heatmap">
        <ResponsiveHeatMap<Cell, object>
          data={data}
          margin={MARGIN}
          theme={chartTheme}
          valueFormat=">-,d"
          colors={{ type: "sequential", scheme: "purples", minValue: 0, maxValue: max }}
          enableLabels={false}
          xInnerPadding={0.06}
          yInnerPadding={0.08}
          borderRadius={2}
          axisTop={{ tickSize: 0, tickPadding: 6, legend: `Hour of day (${timezone})`, legendPosition: "middle", legendOffset: -32 }}
          axisLeft={{ tickSize: 0, tickPadding: 8 }}
          legends={[heatmapLegend({ offset: 36, ticks: 4, format: ">-,d", title: "Events →" })]}
          tooltip={({ cell }) => (
            <ChartTooltip testId="chart-tooltip">
              <p className="font-semibold text-slate-800">
                {cell.serieId} {cell.data.x}:00–{cell.data.x}:59
              </p>
              <p className="text-slate-700">
                {formatNumber(cell.data.y)} events by {formatNumber(cell.data.people)} people
              </p>
            </ChartTooltip>
          )}
          hoverTarget="cell"
          activeOpacity={1}
          inactiveOpacity={0.8}
          animate={false}
        />
      </div>
    </ChartExport>
  );
}
