"use client";

import { ResponsiveBar } from "@nivo/bar";
import { BarLegend } from "@/components/charts/bar-legend";
import { ChartExport } from "@/components/charts/chart-export";
import { seriesColor } from "@/components/charts/palette";
import { chartTheme } from "@/components/charts/theme";
import { LENGTH_CAP, type JourneySegment } from "@/lib/reports/journeys/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import { ChartTooltip } from "@/components/charts/chart-tooltip";

const name = (s: JourneySegment) => s.value ?? "Everyone";

/** Journeys by their number of pages, as a share of each segment's journeys so that segments of any size compare. */
export function LengthChart({ segments, height = 260 }: { segments: JourneySegment[]; height?: number }) {
  const keys = segments.map(name);
  const longest = Math.max(0, ...segments.flatMap((s) => s.length.distribution.map((d) => d.length)));
  if (!longest) return <p className="text-sm text-slate-500">No journeys.</p>;
  const data = Array.from({ length: longest }, (_, i) => {
    const length = i + 1;
    const row: Record<string, string | number> = { length: length > LENGTH_CAP ? `${LENGTH_CAP + 1}+` : String(length) };
    for (const s of segments) {
      const n = s.length.distribution.find((d) => d.length === length)?.journeys ?? 0;
      row[name(s)] = s.journeys ? n / s.journeys : 0;
      row[`${name(s)}:n`] = n;
    }
    return row;
  });
  const table = { columns: ["segment", "length", "journeys"], rows: segments.flatMap((s) => s.length.distribution.map((d) => [s.value ?? "(all)", d.orLonger ? `${d.length}+` : d.length, d.journeys])) };
  return (
    <ChartExport title="Journey length" table={table}>
      {keys.length > 1 && (
        <BarLegend items={keys.map((k, i) => ({ label: k, color: seriesColor(i) }))} />
      )}
      <div style={{ height }} data-testid="length-chart">
        <ResponsiveBar
          data={data}
          keys={keys}
          indexBy="length"
          groupMode="grouped"
          margin={{ top: 8, right: 16, bottom: 48, left: 56 }}
          padding={0.2}
          colors={({ id }) => seriesColor(keys.indexOf(String(id)))}
          theme={chartTheme}
          enableLabel={false}
          axisBottom={{ tickSize: 0, tickPadding: 8, legend: "pages in the journey", legendPosition: "middle", legendOffset: 36 }}
          axisLeft={{ tickSize: 0, tickPadding: 8, tickValues: 4, format: (v) => formatPercent(Number(v), 0), legend: "journeys", legendPosition: "middle", legendOffset: -48 }}
          tooltip={({ id, indexValue, value, data: row }) => (
            <ChartTooltip testId="chart-tooltip">
              <p className="font-semibold text-slate-800">
                {indexValue} {indexValue === "1" ? "page" : "pages"}
              </p>
              <p className="text-slate-700">
                {keys.length > 1 ? `${id}: ` : ""}
                {formatNumber(Number(row[`${id}:n`]))} journeys · {formatPercent(value ?? 0)}
              </p>
            </ChartTooltip>
          )}
          role="img"
          ariaLabel="Journeys by length"
          animate={false}
        />
      </div>
    </ChartExport>
  );
}
