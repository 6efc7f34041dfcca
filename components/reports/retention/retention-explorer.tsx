"use client";

import { useState } from "react";
import { useSearchParams } from "next/navigation";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { cohortLabel, periodLabel, periodsAxisLabel, shortCohortLabel } from "@/lib/reports/periods";
import { RateLineChart, type RateSeries } from "@/components/charts/rate-line-chart";
import { RetentionHeatmap, type HeatCell } from "./retention-heatmap";
import { RetentionTable } from "./retention-table";
import { ReactivationTable } from "./reactivation-table";
import { CellPeoplePanel } from "./cell-people";
import { useReportApi } from "@/components/reports/common/report-api";
import { formatNumber } from "@/lib/format";
import { rememberInUrl } from "@/components/ui/url-state";

type Show = "percent" | "count";

function Toggle<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm shadow-xs" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={`rounded px-2.5 py-1 ${value === o.value ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** The retention views over one result: heatmap, drill-down, curves, the period-N trend, the table, reactivation. */
export function RetentionExplorer({ slug, reportQuery, result }: { slug: string; reportQuery: string; result: RetentionResult }) {
  const search = useSearchParams();
  const { period, periods } = result;
  const [show, setShow] = useState<Show>(search.get("show") === "count" ? "count" : "percent");
  const groupKeys = result.groups.map((g) => g.value);
  const initialGroup = search.get("group");
  const [groupValue, setGroupValue] = useState<string | null>(initialGroup !== null && groupKeys.includes(initialGroup) ? initialGroup : null);
  const [trendK, setTrendK] = useState(() => Math.min(Math.max(1, Number(search.get("trend") ?? 1) || 1), Math.max(periods - 1, 0)));
  const [selected, setSelected] = useState<HeatCell | null>(null);
  // A share link without people lists: cells are not clickable through to the people behind them.
  const { people } = useReportApi(slug);
  const group = result.groups.find((g) => g.value === groupValue) ?? result.groups[0]!;
  const periodNames = Array.from({ length: periods }, (_, k) => periodLabel(period, k));
  // Axis labels shorter than the categories the tooltips name: the period's number, the cohort's date.
  const periodTick = (name: string) => String(periodNames.indexOf(name));
  const cohortTicks = new Map(group.cohorts.map((c) => [cohortLabel(period, c.cohort), shortCohortLabel(period, c.cohort)]));
  const cohortTick = (name: string) => cohortTicks.get(name) ?? name;

  const curves: RateSeries[] = [
    ...group.cohorts
      .filter((c) => c.size > 0)
      .map((c) => ({
        id: cohortLabel(period, c.cohort),
        points: c.cells.map((cell, k) => ({ x: periodNames[k]!, y: cell.state === "complete" ? cell.rate : null })),
      })),
    { id: "Average (weighted by size)", emphasis: true, points: group.average.map((y, k) => ({ x: periodNames[k]!, y })) },
  ];
  const comparison: RateSeries[] = result.groups.map((g) => ({
    id: g.value ?? "Everyone",
    emphasis: g.value === null,
    points: g.average.map((y, k) => ({ x: periodNames[k]!, y })),
  }));
  const trendGroups = result.breakdown ? result.groups : [group];
  const trend: RateSeries[] = trendGroups.map((g) => ({
    id: g.value ?? "Everyone",
    emphasis: g.value === null && trendGroups.length > 1,
    points: g.cohorts.map((c) => ({ x: cohortLabel(period, c.cohort), y: c.size && c.cells[trendK]?.state === "complete" ? c.cells[trendK]!.rate : null })),
  }));

  return (
    <div className="space-y-6">
      <section className="card space-y-4 p-5" aria-label="Heatmap">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-sm font-semibold text-slate-700">Retention by cohort</h2>
          <div className="flex flex-wrap items-center gap-3">
            {result.breakdown && (
              <label className="flex items-center gap-2 text-sm text-slate-600">
                {result.breakdown}
                <select
                  aria-label="Breakdown value"
                  className="input w-44 py-1"
                  value={groupValue ?? ""}
                  onChange={(e) => {
                    const v = e.target.value === "" ? null : e.target.value;
                    setGroupValue(v);
                    setSelected(null);
                    rememberInUrl("group", v);
                  }}
                >
                  {result.groups.map((g) => (
                    <option key={g.value ?? ""} value={g.value ?? ""}>
                      {g.value ?? "Everyone"} ({formatNumber(g.size)})
                    </option>
                  ))}
                </select>
              </label>
            )}
            <Toggle
              label="Show"
              value={show}
              options={[
                { value: "percent", label: "%" },
                { value: "count", label: "Counts" },
              ]}
              onChange={(v) => {
                setShow(v);
                rememberInUrl("show", v === "count" ? "count" : null);
              }}
            />
          </div>
        </div>
        <RetentionHeatmap group={group} period={period} show={show} onSelect={people ? setSelected : undefined} />
        <p className="text-xs text-slate-500">
          Hatched cells: the period is not over at the as-of date, so the count is what has happened so far. Empty cells: the period has not started. Click a
          cell to list its people.
        </p>
      </section>

      {selected && (
        <CellPeoplePanel
          key={`${selected.cohort}-${selected.k}-${group.value}`}
          slug={slug}
          reportQuery={reportQuery}
          period={period}
          cell={selected}
          group={group.value}
          onClose={() => setSelected(null)}
        />
      )}

      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card p-5" aria-label="Retention curves">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">Retention curves{group.value !== null ? ` · ${group.value}` : ""}</h2>
          <RateLineChart series={curves} xLabel={periodsAxisLabel(period)} tickFormat={periodTick} emptyMessage="No complete periods yet." />
        </section>
        <section className="card p-5" aria-label="Period trend">
          <div className="mb-3 flex items-center justify-between gap-3">
            <h2 className="text-sm font-semibold text-slate-700">{periodLabel(period, trendK)} retention across cohorts</h2>
            <label className="flex items-center gap-2 text-sm text-slate-600">
              Period
              <select
                aria-label="Period to follow"
                className="input w-20 py-1"
                value={trendK}
                onChange={(e) => {
                  setTrendK(Number(e.target.value));
                  rememberInUrl("trend", e.target.value);
                }}
              >
                {periodNames.map((_, k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <RateLineChart series={trend} xLabel="Cohort" tickFormat={cohortTick} emptyMessage={`No cohort has a complete ${periodLabel(period, trendK).toLowerCase()} yet.`} />
        </section>
      </div>

      {result.breakdown && (
        <section className="card p-5" aria-label="Comparison">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">Average retention by {result.breakdown}</h2>
          <RateLineChart series={comparison} xLabel={periodsAxisLabel(period)} tickFormat={periodTick} emptyMessage="No complete periods yet." />
        </section>
      )}

      <section className="card p-5" aria-label="Table">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Retention table{group.value !== null ? ` · ${group.value}` : ""}</h2>
        <RetentionTable group={group} period={period} periods={periods} show={show} />
        <p className="mt-2 text-xs text-slate-500">A period not over by the as-of date shows what has happened so far (hatched in the heatmap); one not started is empty.</p>
      </section>

      <section className="card space-y-3 p-5" aria-label="Reactivation">
        <h2 className="text-sm font-semibold text-slate-700">Reactivation and churn</h2>
        <p className="text-xs text-slate-500">
          <b>Reactivated</b>: active in the period, not in the previous one, but in some period before it; the <b>reactivation rate</b> is over the{" "}
          <b>inactive base</b>, the people active before the previous period but not in it. <b>Churned</b>: active in the previous period but not in this one.{" "}
          <b>New</b>: first activity ever. Everyone with returning activity counts, not only the cohorts above.
        </p>
        <ReactivationTable rows={result.reactivation} period={period} />
      </section>
    </div>
  );
}
