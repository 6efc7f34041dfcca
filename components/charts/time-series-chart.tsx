"use client";

import { useCallback, useMemo, useState } from "react";
import { chartTheme } from "./theme";
import { seriesColor } from "./palette";
import { ChartExport, seriesTable } from "./chart-export";
import { linesLayer } from "./lines-layer";
import { formatNumber } from "@/lib/format";
import { ResponsiveLine, type SliceTooltipProps } from "@nivo/line";
import type { AxisTickProps } from "@nivo/axes";
import { ChartTooltip } from "./chart-tooltip";

export type TimeSeriesPoint = { x: string /* YYYY-MM-DD */; y: number };
/** `comparesTo`: the id of the series this one is a comparison for (its previous period), drawn dashed in its colour. */
export type TimeSeries = { id: string; points: TimeSeriesPoint[]; comparesTo?: string };

export type TimeSeriesChartProps = {
  /** Series ids must be unique; they are used as legend labels and colour keys. */
  series: TimeSeries[];
  yLabel: string;
  /** Height of the plot area in px (the legend, when shown, sits above it). */
  height?: number;
  emptyMessage?: string;
  /** Names the chart's downloads; the y axis's label unless given. */
  title?: string;
  /** The first day whose figures are not final (the as-of day, before its end): drawn dashed and marked. */
  partialFrom?: string;
};

type ChartSeries = { id: string; data: TimeSeriesPoint[]; dashed?: boolean };


const POINTS_MAX_LENGTH = 31;
const MIN_TICK_SPACING_PX = 72;
const ASSUMED_WIDTH_PX = 640;
const DAY_MS = 86_400_000;

// Fixed locale and UTC everywhere: nivo's time scale parses "%Y-%m-%d" as UTC
// midnight (useUTC defaults to true), and a fixed locale keeps labels stable
// between server and browser.
const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const monthLabel = new Intl.DateTimeFormat("en-US", { month: "short", timeZone: "UTC" });
const fullDate = new Intl.DateTimeFormat("en-US", {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  if (typeof value === "number") return new Date(value);
  return null;
}

function formatWith(formatter: Intl.DateTimeFormat) {
  return (value: unknown): string => {
    const d = toDate(value);
    return d && !Number.isNaN(d.getTime()) ? formatter.format(d) : String(value);
  };
}

const formatTooltipDate = formatWith(fullDate);

const formatValue = (value: unknown): string => (typeof value === "number" ? formatNumber(value) : String(value));

// Approximate lengths are only used to estimate how many ticks an interval
// produces; nivo aligns the actual ticks to calendar boundaries.
const TICK_INTERVALS = [
  { spec: "every 1 day", days: 1 },
  { spec: "every 2 days", days: 2 },
  { spec: "every 1 week", days: 7 },
  { spec: "every 2 weeks", days: 14 },
  { spec: "every 1 month", days: 30.4 },
  { spec: "every 2 months", days: 61 },
  { spec: "every 3 months", days: 91 },
  { spec: "every 6 months", days: 182 },
  { spec: "every 1 year", days: 365 },
] as const;

function pickTickInterval(spanDays: number, width: number) {
  const maxTicks = Math.max(2, Math.floor(width / MIN_TICK_SPACING_PX));
  return (
    TICK_INTERVALS.find((interval) => Math.floor(spanDays / interval.days) + 1 <= maxTicks) ??
    TICK_INTERVALS[TICK_INTERVALS.length - 1]!
  );
}

function SliceTooltip({ slice }: SliceTooltipProps<ChartSeries>) {
  const points = [...slice.points].sort((a, b) => a.seriesIndex - b.seriesIndex);
  const first = points[0];
  if (!first) return null;
  return (
    <ChartTooltip testId="chart-tooltip">
      <div className="mb-1 font-medium text-slate-900">{formatTooltipDate(first.data.x)}</div>
      <table>
        <tbody>
          {points.map((point) => (
            <tr key={point.id}>
              <td className="pr-2">
                <span
                  className="inline-block size-2 rounded-full"
                  style={{ backgroundColor: point.seriesColor }}
                />
              </td>
              <td className="pr-4 text-slate-600">{point.seriesId}</td>
              <td className="text-right font-medium text-slate-900 tabular-nums">
                {point.data.yFormatted}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ChartTooltip>
  );
}

/**
 * An x-axis tick: the day or month, with the year under it on the first tick and wherever the year changes since
 * the tick before (`stepDays` back), so a range across New Year reads unambiguously.
 */
function yearAwareTick(format: (value: unknown) => string, stepDays: number) {
  return function Tick({ value, tickIndex, x, y, lineX, lineY, textX, textY, textAnchor, theme }: AxisTickProps<Date>) {
    const date = toDate(value);
    const before = date ? new Date(date.getTime() - stepDays * DAY_MS) : null;
    const year = date && (tickIndex === 0 || before!.getUTCFullYear() !== date.getUTCFullYear()) ? String(date.getUTCFullYear()) : null;
    const anchor = textAnchor as "start" | "middle" | "end";
    return (
      <g transform={`translate(${x},${y})`}>
        <line x1={0} x2={lineX} y1={0} y2={lineY} style={theme.line} />
        <text dominantBaseline="text-before-edge" textAnchor={anchor} transform={`translate(${textX},${textY})`} style={theme.text}>
          {format(value)}
        </text>
        {year && (
          <text dominantBaseline="text-before-edge" textAnchor={anchor} transform={`translate(${textX},${textY + 13})`} style={{ ...theme.text, fill: "#94a3b8" }}>
            {year}
          </text>
        )}
      </g>
    );
  };
}

export function TimeSeriesChart({
  series,
  yLabel,
  height = 300,
  emptyMessage = "No data for this period.",
  title,
  partialFrom,
}: TimeSeriesChartProps) {
  const [width, setWidth] = useState(ASSUMED_WIDTH_PX);
  // The time scale has parsed each x into a Date (UTC midnight): back to its day to compare.
  const lines = useMemo(
    () => linesLayer<ChartSeries>((x) => partialFrom !== undefined && (toDate(x)?.toISOString().slice(0, 10) ?? "") >= partialFrom),
    [partialFrom],
  );
  const handleResize = useCallback((size: { width: number }) => {
    if (size.width > 0) setWidth(size.width);
  }, []);

  const model = useMemo(() => {
    const data: ChartSeries[] = series.map((s) => ({
      id: s.id,
      dashed: s.comparesTo !== undefined,
      data: [...s.points].sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0)),
    }));
    // A comparison takes the colour of the series it compares with, so "Events" and its previous period pair.
    const own = series.filter((s) => s.comparesTo === undefined);
    const colorById = new Map<string, string>(own.map((s, i) => [s.id, seriesColor(i)]));
    for (const s of series) if (s.comparesTo !== undefined) colorById.set(s.id, colorById.get(s.comparesTo) ?? seriesColor(own.length));

    let minTime = Infinity;
    let maxTime = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    let longest = 0;
    let allIntegers = true;
    for (const s of data) {
      longest = Math.max(longest, s.data.length);
      for (const p of s.data) {
        const t = toDate(p.x)?.getTime();
        if (t !== undefined && !Number.isNaN(t)) {
          minTime = Math.min(minTime, t);
          maxTime = Math.max(maxTime, t);
        }
        minY = Math.min(minY, p.y);
        maxY = Math.max(maxY, p.y);
        if (!Number.isInteger(p.y)) allIntegers = false;
      }
    }
    const hasPoints = longest > 0 && Number.isFinite(minTime);
    const spanDays = hasPoints ? Math.round((maxTime - minTime) / DAY_MS) : 0;
    const widestTick = Math.max(formatNumber(minY).length, formatNumber(maxY).length);

    // Small integer ranges (typical low counts) would otherwise get ticks like
    // 0.5 and 1.5, so list whole numbers explicitly.
    const low = Math.min(0, minY);
    const high = Math.max(1, maxY);
    const yTicks: number | number[] =
      hasPoints && allIntegers && high - low <= 5
        ? Array.from({ length: high - low + 1 }, (_, i) => low + i)
        : 5;

    return { data, colorById, hasPoints, spanDays, longest, minY, maxY, widestTick, yTicks };
  }, [series]);

  if (!model.hasPoints) {
    return (
      <div
        style={{ height }}
        className="flex w-full items-center justify-center rounded-lg border border-dashed border-slate-300 px-6 text-center text-sm text-slate-500"
      >
        {emptyMessage}
      </div>
    );
  }

  const interval = pickTickInterval(model.spanDays, width);
  const formatTick = interval.days >= 30 ? formatWith(monthLabel) : formatWith(dayLabel);
  // Roughly 7px per character at 11px, one spare character for a niced top
  // tick (9,800 -> 10,000), plus room for the rotated axis legend.
  const tickWidth = (model.widestTick + 1) * 7;
  const marginLeft = tickWidth + 36;
  const allZero = model.minY === 0 && model.maxY === 0;

  return (
    <ChartExport title={title ?? yLabel} table={seriesTable("day", series)}>
      <div className="w-full">
        {model.data.length > 1 || partialFrom ? (
          <ul className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
            {model.data.map((s) => (
              <li key={s.id} className="flex items-center gap-1.5">
                {s.dashed ? (
                  <span aria-hidden="true" className="inline-block w-4 border-t-2 border-dashed" style={{ borderColor: model.colorById.get(s.id) }} />
                ) : (
                  <span aria-hidden="true" className="inline-block size-2.5 rounded-full" style={{ backgroundColor: model.colorById.get(s.id) }} />
                )}
                {s.id}
              </li>
            ))}
            {partialFrom && model.data.some((s) => s.data.some((p) => p.x >= partialFrom)) && (
              <li className="flex items-center gap-1.5 text-slate-500" data-testid="partial-legend">
                <span aria-hidden="true" className="inline-block w-4 border-t-2 border-dotted border-slate-400" />
                so far (not a full day)
              </li>
            )}
          </ul>
        ) : null}
        <div style={{ height }} className="relative w-full">
          <ResponsiveLine<ChartSeries>
            data={model.data}
            onResize={handleResize}
            margin={{ top: 12, right: 24, bottom: 44, left: marginLeft }}
            xScale={{ type: "time", format: "%Y-%m-%d", precision: "day", useUTC: true }}
            xFormat={formatTooltipDate}
            yScale={{
              type: "linear",
              min: model.minY >= 0 ? 0 : "auto",
              max: allZero ? 1 : "auto",
              nice: true,
            }}
            yFormat={formatValue}
            axisBottom={{
              tickValues: interval.spec,
              tickSize: 4,
              tickPadding: 6,
              format: formatTick,
              renderTick: yearAwareTick(formatTick, interval.days),
            }}
            axisLeft={{
              tickValues: model.yTicks,
              tickSize: 0,
              tickPadding: 8,
              format: formatValue,
              legend: yLabel,
              legendPosition: "middle",
              legendOffset: -(tickWidth + 24),
            }}
            enableGridX={false}
            gridYValues={model.yTicks}
            theme={chartTheme}
            colors={(s: ChartSeries) => model.colorById.get(s.id) ?? seriesColor(0)}
            layers={["grid", "markers", "axes", "areas", "crosshair", lines, "points", "slices", "mesh"]}
            lineWidth={2}
            enablePoints={model.longest <= POINTS_MAX_LENGTH}
            pointSize={6}
            pointBorderWidth={2}
            pointBorderColor={{ from: "seriesColor" }}
            pointColor="#ffffff"
            enableSlices="x"
            sliceTooltip={SliceTooltip}
            animate={false}
            role="img"
            ariaLabel={`${yLabel}: ${model.data.map((s) => s.id).join(", ")}`}
          />
        </div>
      </div>
    </ChartExport>
  );
}
