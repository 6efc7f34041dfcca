"use client";

import { ChartExport } from "@/components/charts/chart-export";
import { ResponsiveHeatMap, type CellComponentProps, type ComputedCell } from "@nivo/heatmap";
import type { Period, RetentionGroup } from "@/lib/reports/retention/definition";
import { cohortLabel, periodLabel } from "@/lib/reports/periods";
import { formatNumber, formatPercent } from "@/lib/format";
import { heatmapLegend } from "@/components/charts/heatmap-legend";
import { ChartTooltip } from "@/components/charts/chart-tooltip";
import { labelColorOn } from "@/components/charts/label-color";

export type HeatCell = { x: string; y: number | null; k: number; cohort: string; retained: number; size: number; state: string };
type Row = { id: string; size: number; data: HeatCell[] };

const ROW_HEIGHT = 30;
/** About as many period labels as fit over the chart at its narrowest (a 1280-pixel screen), each ~60 pixels. */
const MAX_PERIOD_LABELS = 12;
/** Past this many periods a cell is too narrow for its percentage: the colour and the tooltip tell it. */
const MAX_LABELLED_PERIODS = 16;
const MARGIN = { top: 34, right: 16, bottom: 64, left: 190 };

/**
 * A cell: nivo's rectangle and label, plus a hatch over periods not over by the as-of date (their count is what has
 * happened so far) and a test id naming the cohort and period. Drawn without animation, as the chart is.
 */
function Cell({ cell, borderRadius, enableLabels, onMouseEnter, onMouseMove, onMouseLeave, onClick }: CellComponentProps<HeatCell>) {
  const { width, height } = cell;
  const clickable = cell.data.state !== "future" && cell.data.size > 0;
  return (
    <g
      transform={`translate(${cell.x}, ${cell.y})`}
      data-testid={`cell-${cell.data.cohort}-${cell.data.k}`}
      style={{ cursor: clickable ? "pointer" : "default" }}
      onMouseEnter={onMouseEnter?.(cell)}
      onMouseMove={onMouseMove?.(cell)}
      onMouseLeave={onMouseLeave?.(cell)}
      onClick={onClick?.(cell)}
      // Reached with Tab and opened with Enter or Space, as a click would; named for screen readers.
      tabIndex={clickable && onClick ? 0 : undefined}
      role={clickable && onClick ? "button" : undefined}
      aria-label={clickable ? `${cell.data.cohort}, ${cell.data.x}: ${cell.data.retained} of ${cell.data.size} people retained` : undefined}
      onKeyDown={(event) => {
        if (!clickable || (event.key !== "Enter" && event.key !== " ")) return;
        event.preventDefault();
        onClick?.(cell)(event as unknown as React.MouseEvent);
      }}
    >
      <rect x={-width / 2} y={-height / 2} width={width} height={height} rx={borderRadius} fill={cell.color} fillOpacity={cell.opacity} />
      {cell.data.state === "incomplete" && <rect x={-width / 2} y={-height / 2} width={width} height={height} rx={borderRadius} fill="url(#retention-hatch)" />}
      {enableLabels && cell.value !== null && (
        <text textAnchor="middle" dominantBaseline="central" fill={cell.labelTextColor} style={{ fontSize: 11, pointerEvents: "none" }}>
          {cell.label}
        </text>
      )}
    </g>
  );
}

function HatchPattern() {
  return (
    <defs>
      <pattern id="retention-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <line x1="0" y1="0" x2="0" y2="6" stroke="#0f172a" strokeOpacity="0.22" strokeWidth="2" />
      </pattern>
    </defs>
  );
}

/** The left axis's two columns named on the line of the period labels, so the names stay with the grid (and its PNG). */
function CohortHeader() {
  return (
    <g transform="translate(0,-8)" className="fill-slate-500 text-[11px] font-medium">
      <text x={-MARGIN.left + 8}>Cohort</text>
      <text x={-10} textAnchor="end">
        People
      </text>
    </g>
  );
}

function Tooltip({ cell, period }: { cell: ComputedCell<HeatCell>; period: Period }) {
  const d = cell.data;
  return (
    <ChartTooltip className="w-64" testId="heatmap-tooltip">
      <p className="font-semibold text-slate-800">
        {cohortLabel(period, d.cohort)} · {periodLabel(period, d.k)}
      </p>
      {d.state === "future" ? (
        <p className="text-slate-500">Not started by the as-of date</p>
      ) : (
        <>
          <p className="text-slate-700">
            {d.size ? formatPercent(d.retained / d.size) : "–"} retained: {formatNumber(d.retained)} of {formatNumber(d.size)} people
          </p>
          {d.state === "incomplete" && <p className="text-amber-700">Period not over yet: the count so far</p>}
          {d.size > 0 && <p className="mt-1 text-slate-400">Click to list these people</p>}
        </>
      )}
    </ChartTooltip>
  );
}

/** One row per cohort (label and size on the left), one column per period; colour by rate or by count. */
export function RetentionHeatmap({
  group,
  period,
  show,
  onSelect,
}: {
  group: RetentionGroup;
  period: Period;
  show: "percent" | "count";
  /** Opens the people of a cell; none: cells are not clickable. */
  onSelect?: (cell: HeatCell) => void;
}) {
  const rows: Row[] = group.cohorts.map((c) => ({
    id: c.cohort,
    size: c.size,
    data: c.cells.map((cell, k) => ({
      x: periodLabel(period, k),
      y: cell.state === "future" || c.size === 0 ? null : show === "percent" ? cell.rate : cell.retained,
      k,
      cohort: c.cohort,
      retained: cell.retained,
      size: c.size,
      state: cell.state,
    })),
  }));
  const sizes = new Map(rows.map((r) => [r.id, r.size]));
  // A long range (52 weeks) names every n-th period, from the first, so the labels never run into each other.
  const periodCount = rows[0]?.data.length ?? 0;
  const labelEvery = Math.max(1, Math.ceil(periodCount / MAX_PERIOD_LABELS));
  const periodTicks = (rows[0]?.data ?? []).filter((_, k) => k % labelEvery === 0).map((cell) => cell.x);
  const maxCount = Math.max(1, ...group.cohorts.map((c) => c.size));
  const height = MARGIN.top + MARGIN.bottom + rows.length * ROW_HEIGHT;
  if (!rows.length) return <p className="text-sm text-slate-500">No cohorts in this range.</p>;
  const table = {
    columns: ["cohort", "size", "period", "retained", "rate", "state"],
    rows: group.cohorts.flatMap((c) => c.cells.map((cell, k) => [c.cohort, c.size, k, cell.state === "future" ? null : cell.retained, cell.state === "future" || !c.size ? null : cell.rate, cell.state])),
  };

  return (
    <ChartExport title={`Retention heatmap${group.value ? ` (${group.value})` : ""}`} table={table}>
      <div style={{ height }} data-testid="retention-heatmap" role="figure" aria-label="Retention heatmap">
        <ResponsiveHeatMap<HeatCell, { size: number }>
          data={rows}
          margin={MARGIN}
          valueFormat={show === "percent" ? ">-.1%" : ">-,d"}
          colors={{ type: "sequential", scheme: "blues", minValue: 0, maxValue: show === "percent" ? 1 : maxCount }}
          emptyColor="#f8fafc"
          xInnerPadding={0.04}
          yInnerPadding={0.08}
          borderRadius={3}
          labelTextColor={(cell) => labelColorOn(cell.color)}
          axisTop={{ tickSize: 0, tickPadding: 8, tickValues: periodTicks }}
          enableLabels={periodCount <= MAX_LABELLED_PERIODS}
          axisLeft={{
            tickSize: 0,
            tickPadding: 8,
            renderTick: (tick) => (
              <g transform={`translate(${tick.x},${tick.y})`}>
                <text x={-MARGIN.left + 8} dominantBaseline="central" className="fill-slate-700 text-[11px]">
                  {cohortLabel(period, String(tick.value))}
                </text>
                <text x={-10} textAnchor="end" dominantBaseline="central" className="fill-slate-500 text-[11px] tabular-nums">
                  {formatNumber(sizes.get(String(tick.value)) ?? 0)}
                </text>
              </g>
            ),
          }}
          legends={[
            heatmapLegend({
              offset: 40,
              ticks: show === "percent" ? [0, 0.25, 0.5, 0.75, 1] : 5,
              format: show === "percent" ? ">-.0%" : ">-,d",
              title: show === "percent" ? "Retained (% of cohort) →" : "Retained people →",
            }),
          ]}
          layers={[HatchPattern, CohortHeader, "grid", "axes", "cells", "legends", "annotations"]}
          cellComponent={Cell}
          tooltip={({ cell }) => <Tooltip cell={cell} period={period} />}
          onClick={(cell) => {
            if (onSelect && cell.data.state !== "future" && cell.data.size > 0) onSelect(cell.data);
          }}
          hoverTarget="cell"
          activeOpacity={1}
          inactiveOpacity={0.75}
          animate={false}
        />
      </div>
    </ChartExport>
  );
}
