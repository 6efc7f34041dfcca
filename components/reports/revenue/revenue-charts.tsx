"use client";

import { RateLineChart, type ValueFormat } from "@/components/charts/rate-line-chart";
import type { LtvCohort, RevenueMonth } from "@/lib/reports/revenue/definition";
import { cohortLabel } from "@/lib/reports/periods";
import { formatMoney } from "@/lib/format";

const MONEY: ValueFormat = { value: formatMoney, axis: (v) => formatMoney(v).replace(/\.00$/, "") };
const monthLabel = (m: string) => cohortLabel("month", m);

/** A money figure per month, one line for everyone (drawn heavier) and one per breakdown value. */
function MonthlyChart({ months, figure, height, emptyMessage }: { months: RevenueMonth[]; figure: "revenue" | "arpu"; height?: number; emptyMessage: string }) {
  const values = [...new Set(months.map((m) => m.value))];
  return (
    <RateLineChart
      format={MONEY}
      xLabel="Month"
      tickFormat={monthLabel}
      height={height}
      series={values.map((v) => ({ id: v ?? "Everyone", emphasis: v === null, points: months.filter((m) => m.value === v).map((m) => ({ x: m.month, y: m[figure] })) }))}
      partialFrom={months.find((m) => !m.complete)?.month}
      emptyMessage={emptyMessage}
    />
  );
}

/** Revenue per month: everyone, and each breakdown value. */
export const RevenueChart = ({ months, height }: { months: RevenueMonth[]; height?: number }) => (
  <MonthlyChart months={months} figure="revenue" height={height} emptyMessage="No revenue in this range." />
);

/** ARPU per month, per value. */
export const ArpuChart = ({ months }: { months: RevenueMonth[] }) => <MonthlyChart months={months} figure="arpu" height={240} emptyMessage="Nobody was active in this range." />;

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
