"use client";

import { RateLineChart, type ValueFormat } from "@/components/charts/rate-line-chart";
import type { LtvCohort, RevenueMonth } from "@/lib/reports/revenue/definition";
import { cohortLabel } from "@/lib/reports/periods";
import { formatMoney } from "@/lib/format";

const MONEY: ValueFormat = { value: formatMoney, axis: (v) => formatMoney(v).replace(/\.00$/, "") };
const monthLabel = (m: string) => cohortLabel("month", m);

/** Revenue per month: everyone, and each breakdown value. */
export function RevenueChart({ months }: { months: RevenueMonth[] }) {
  const values = [...new Set(months.map((m) => m.value))];
  return (
    <RateLineChart
      format={MONEY}
      xLabel="Month"
      tickFormat={monthLabel}
      series={values.map((v) => ({ id: v ?? "Everyone", emphasis: v === null, points: months.filter((m) => m.value === v).map((m) => ({ x: m.month, y: m.revenue })) }))}
      emptyMessage="No revenue in this range."
    />
  );
}

/** ARPU per month, per value. */
export function ArpuChart({ months }: { months: RevenueMonth[] }) {
  const values = [...new Set(months.map((m) => m.value))];
  return (
    <RateLineChart
      format={MONEY}
      xLabel="Month"
      tickFormat={monthLabel}
      height={240}
      series={values.map((v) => ({ id: v ?? "Everyone", emphasis: v === null, points: months.filter((m) => m.value === v).map((m) => ({ x: m.month, y: m.arpu })) }))}
      emptyMessage="Nobody was active in this range."
    />
  );
}

/**
 * LTV curves: cumulative revenue per member by months since signup, one line per value (its cohorts together,
 * weighted by size, each month over the cohorts that have reached it).
 */
export function LtvChart({ cohorts }: { cohorts: LtvCohort[] }) {
  const values = [...new Set(cohorts.map((c) => c.value))];
  const longest = Math.max(0, ...cohorts.map((c) => c.cumulative.length));
  const curve = (v: string | null) =>
    Array.from({ length: longest }, (_, k) => {
      const reached = cohorts.filter((c) => c.value === v && c.cumulative[k] !== undefined && c.cumulative[k] !== null);
      const size = reached.reduce((s, c) => s + c.size, 0);
      return { x: `Month ${k}`, y: size ? reached.reduce((s, c) => s + c.size * (c.cumulative[k] ?? 0), 0) / size : null };
    });
  return (
    <RateLineChart
      format={MONEY}
      xLabel="Months since signup"
      tickFormat={(x) => x.replace(/^Month /, "")}
      series={values.map((v) => ({ id: v ?? "Everyone", emphasis: v === null, points: curve(v) }))}
      emptyMessage="Nobody signed up in this range."
    />
  );
}
