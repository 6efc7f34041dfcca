"use client";

import { ResponsiveBar } from "@nivo/bar";
import { useState } from "react";
import { ChartExport } from "@/components/charts/chart-export";
import { chartTheme } from "@/components/charts/theme";
import type { DurationBin, Durations, FunnelGroup, FunnelResult } from "@/lib/reports/funnel/definition";
import { formatDuration, formatNumber } from "@/lib/format";
import { ChartTooltip } from "@/components/charts/chart-tooltip";

const binLabel = (b: DurationBin) => (b.toSeconds === null ? `${formatDuration(b.fromSeconds)}+` : `${formatDuration(b.fromSeconds)}–${formatDuration(b.toSeconds)}`);

/** The quartiles of a time, as a line of text. */
export const durationSummary = (d: Durations | null) =>
  d ? `median ${formatDuration(d.median)} (p25 ${formatDuration(d.p25)}, p75 ${formatDuration(d.p75)}) over ${formatNumber(d.people)} people` : "no times";

/** How long people took: the whole funnel or one step from the step before, as bins from under a minute to 30 days+. */
export function TimeHistogram({ result, group }: { result: FunnelResult; group: FunnelGroup }) {
  const [choice, setChoice] = useState(0);
  const options = [
    { label: `Step 1 → ${result.steps.length} (the whole funnel)`, bins: group.timeHistogram, stats: group.timeToConvert },
    ...result.steps.slice(1).map((s, i) => ({ label: `Step ${i + 1} → ${i + 2} (${s.event})`, bins: group.steps[i + 1]!.histogram, stats: group.steps[i + 1]!.time })),
  ];
  const chosen = options[choice] ?? options[0]!;
  // Bins past the last one with people are left off, so that the chart spends its width on the times there are.
  const last = chosen.bins.findLastIndex((b) => b.people > 0);
  const shown = chosen.bins.slice(0, Math.max(last + 1, 1));
  const data = shown.map((b) => ({ bin: binLabel(b), people: b.people }));
  const table = { columns: ["from_seconds", "to_seconds", "people"], rows: chosen.bins.map((b) => [b.fromSeconds, b.toSeconds, b.people]) };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <select className="input w-auto py-1 text-sm" aria-label="Time between" value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
          {options.map((o, i) => (
            <option key={o.label} value={i}>
              {o.label}
            </option>
          ))}
        </select>
        <p className="text-xs text-slate-600" data-testid="time-summary">
          {durationSummary(chosen.stats)}
        </p>
      </div>
      {last < 0 ? (
        <div className="flex h-48 items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-500">
          No times here: nobody converted, or the events have no clock (page journeys).
        </div>
      ) : (
        <ChartExport title="Time to convert" table={table}>
          <div style={{ height: 240 }} data-testid="time-histogram">
            <ResponsiveBar
              data={data}
              keys={["people"]}
              indexBy="bin"
              margin={{ top: 8, right: 16, bottom: 56, left: 56 }}
              padding={0.2}
              colors={["#0d9488"]}
              theme={chartTheme}
              enableLabel={false}
              axisBottom={{ tickSize: 0, tickPadding: 8, tickRotation: -30, legend: "time taken", legendPosition: "middle", legendOffset: 48 }}
              axisLeft={{ tickSize: 0, tickPadding: 8, tickValues: 4, format: (v) => formatNumber(Number(v)), legend: "people", legendPosition: "middle", legendOffset: -44 }}
              tooltip={({ indexValue, value }) => (
                <ChartTooltip testId="chart-tooltip">
                  <p className="font-semibold text-slate-800">{indexValue}</p>
                  <p className="text-slate-700">{formatNumber(value ?? 0)} people</p>
                </ChartTooltip>
              )}
              role="img"
              ariaLabel="People by time taken"
              animate={false}
            />
          </div>
        </ChartExport>
      )}
    </div>
  );
}
