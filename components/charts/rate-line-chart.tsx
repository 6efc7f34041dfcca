"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { chartTheme } from "./theme";
import { ResponsiveLine, type SliceTooltipProps } from "@nivo/line";
import { formatPercent } from "@/lib/format";
import { EMPHASIS, seriesColor } from "./palette";
import { ChartExport, seriesTable } from "./chart-export";
import { linesLayer } from "./lines-layer";
import { ChartTooltip } from "./chart-tooltip";

export type RateSeries = { id: string; points: { x: string; y: number | null }[]; emphasis?: boolean };
type ChartSeries = { id: string; data: { x: string; y: number | null }[] };


/** How values read: rates as percentages unless a chart says otherwise (money per person). */
export type ValueFormat = { value: (v: number) => string; axis: (v: number) => string };
const MUTED = "#e2e8f0";
const PERCENT: ValueFormat = { value: (v) => formatPercent(v), axis: (v) => formatPercent(v, 0) };

function SliceTooltip({ slice, format }: SliceTooltipProps<ChartSeries> & { format: ValueFormat }) {
  const points = [...slice.points].sort((a, b) => (b.data.y as number) - (a.data.y as number));
  const first = points[0];
  if (!first) return null;
  return (
    <ChartTooltip className="max-h-72 overflow-hidden" testId="chart-tooltip">
      <div className="mb-1 font-medium text-slate-900">{String(first.data.x)}</div>
      <table>
        <tbody>
          {points.slice(0, 14).map((point) => (
            <tr key={point.id}>
              <td className="pr-2">
                <span className="inline-block size-2 rounded-full" style={{ backgroundColor: point.seriesColor }} />
              </td>
              <td className="pr-4 text-slate-600">{point.seriesId}</td>
              <td className="text-right font-medium text-slate-900 tabular-nums">{format.value(point.data.y as number)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {points.length > 14 && <p className="mt-1 text-slate-400">and {points.length - 14} more</p>}
    </ChartTooltip>
  );
}

/**
 * The legend's order: emphasised series (an average, everyone) first, as the legend shows its first rows and scrolls
 * for the rest, and those are the lines a reader looks for among a dozen cohorts. Indexes keep each series' colour.
 */
const legendOrder = (series: readonly RateSeries[]) =>
  series.map((s, i) => ({ s, i })).sort((a, b) => Number(!!b.s.emphasis) - Number(!!a.s.emphasis) || a.i - b.i);

// Axis ticks: about this many pixels per character of a label at the theme's 11 px, plus a gap between labels.
const CHAR_PX = 6.2;
const TICK_GAP_PX = 14;
// The right margin holds half of the last category label, which is centred on its point.
const MARGIN = { top: 12, right: 40, bottom: 48, left: 56 };

/** The element's width, kept up to date: the chart shows as many axis labels as fit in it. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/**
 * Rates (0–1) over categories (periods or cohorts), one line per series; missing points leave gaps. `format` draws
 * other values (money) on the same chart. `tickFormat`
 * shortens the axis labels (the tooltip keeps the category's full name); every nth label is shown, as many as fit.
 */
export function RateLineChart({
  series,
  xLabel,
  height = 300,
  emptyMessage,
  tickFormat = (x) => x,
  format = PERCENT,
  marked = [],
  title,
  partialFrom,
}: {
  series: RateSeries[];
  xLabel: string;
  /** Names the chart's downloads; the x axis's label unless given. */
  title?: string;
  height?: number;
  emptyMessage: string;
  tickFormat?: (category: string) => string;
  format?: ValueFormat;
  /** Categories marked with a red line across the chart (the points an alert fired for). */
  marked?: string[];
  /** The first category whose figures are not final (a period not over by as_of): from it on, lines are dotted. */
  partialFrom?: string;
}) {
  const { ref, width } = useWidth();
  const categoriesKey = series[0]?.points.map((p) => p.x).join("\u0000") ?? "";
  const lines = useMemo(() => {
    const categories = categoriesKey.split("\u0000");
    const partial = new Set(partialFrom && categories.includes(partialFrom) ? categories.slice(categories.indexOf(partialFrom)) : []);
    return linesLayer<ChartSeries>((x) => partial.has(String(x)));
  }, [categoriesKey, partialFrom]);
  // The series under the pointer in the legend, drawn in its colour over the others muted: past twelve series the
  // palette repeats, and this tells any one line from the rest.
  const [focus, setFocus] = useState<string | null>(null);
  // A series without a single value would draw an empty path; it is left out of the chart and its legend.
  series = series.filter((s) => s.points.some((p) => p.y !== null));
  const hasPoints = series.length > 0;
  if (!hasPoints)
    return (
      <div style={{ height }} className="flex items-center justify-center rounded-lg border border-dashed border-slate-300 px-6 text-center text-sm text-slate-500">
        {emptyMessage}
      </div>
    );
  const own = series.map((s, i) => (s.emphasis ? EMPHASIS : seriesColor(i)));
  const colors = series.map((s, i) => (focus === null || s.id === focus ? own[i]! : MUTED));
  const categories = series[0]?.points.map((p) => p.x) ?? [];
  const longest = Math.max(...categories.map((c) => tickFormat(c).length));
  const fit = width ? Math.max(1, Math.floor((width - MARGIN.left - MARGIN.right) / (longest * CHAR_PX + TICK_GAP_PX))) : 6;
  const step = Math.max(1, Math.ceil(categories.length / fit));
  return (
    <ChartExport title={title ?? xLabel} table={seriesTable(xLabel, series)}>
      <div className="w-full">
        <ul className="mb-2 flex max-h-20 flex-wrap gap-x-4 gap-y-1 overflow-auto text-xs text-slate-600" aria-label="Legend">
          {legendOrder(series).map(({ s, i }) => (
            <li
              key={s.id}
              className="flex cursor-default items-center gap-1.5"
              onMouseEnter={() => setFocus(s.id)}
              onMouseLeave={() => setFocus(null)}
            >
              <span aria-hidden="true" className={`inline-block rounded-full ${s.emphasis ? "h-1 w-4" : "size-2.5"}`} style={{ backgroundColor: own[i] }} />
              <span className={s.emphasis ? "font-semibold text-slate-900" : ""}>{s.id}</span>
            </li>
          ))}
          {partialFrom && categoriesKey.split("\u0000").includes(partialFrom) && (
            <li className="flex items-center gap-1.5 text-slate-500">
              <span aria-hidden="true" className="inline-block w-4 border-t-2 border-dotted border-slate-400" />
              not over yet
            </li>
          )}
        </ul>
        <div ref={ref} style={{ height }} className="relative w-full">
          <ResponsiveLine<ChartSeries>
            data={series.map((s) => ({ id: s.id, data: s.points }))}
            colors={colors}
            margin={MARGIN}
            xScale={{ type: "point" }}
            yScale={{ type: "linear", min: 0, max: "auto", nice: true }}
            yFormat={(v) => format.value(Number(v))}
            axisBottom={{
              tickSize: 4,
              tickPadding: 6,
              tickValues: categories.filter((_, i) => i % step === 0),
              format: (v) => tickFormat(String(v)),
              legend: xLabel,
              legendOffset: 38,
              legendPosition: "middle",
            }}
            axisLeft={{ tickSize: 0, tickPadding: 8, tickValues: 5, format: (v) => format.axis(Number(v)) }}
            layers={["grid", "markers", "axes", "areas", "crosshair", lines, "points", "slices", "mesh"]}
            lineWidth={2}
            pointSize={series.length > 8 ? 0 : 5}
            enableSlices="x"
            sliceTooltip={(props) => <SliceTooltip {...props} format={format} />}
            markers={marked.map((x) => ({
              axis: "x" as const,
              value: x,
              lineStyle: { stroke: "#dc2626", strokeWidth: 1.5, strokeDasharray: "4 3" },
            }))}
            theme={chartTheme}
            animate={false}
          />
        </div>
      </div>
    </ChartExport>
  );
}
