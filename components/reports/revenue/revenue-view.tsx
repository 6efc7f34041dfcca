import type { RevenueResult } from "@/lib/reports/revenue/definition";
import { formatMoney, formatPercent } from "@/lib/format";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { ChannelTable } from "./channel-table";
import { RevenueComparisonTable } from "./revenue-comparison";
import { ArpuChart, LtvChart, RevenueChart } from "./revenue-charts";

/** Revenue over time by acquisition source, ARPU, LTV curves, spend against return per channel, and the comparison. */
export function RevenueView({ output }: ReportViewProps<RevenueResult>) {
  const r = output.result;
  const everyone = r.months.filter((m) => m.value === null);
  const revenue = everyone.reduce((s, m) => s + m.revenue, 0);
  const totals = r.channels.filter((c) => c.platform === null && c.month === null);
  const spend = totals.reduce((s, c) => s + c.spend, 0);
  const channelRevenue = totals.reduce((s, c) => s + c.revenue, 0);
  // The ARPU card reads the last whole month: a month still going has a part of its revenue over most of its active
  // people, which a card would show as a fall; it is named beside it, as the charts mark it.
  const current = everyone.at(-1);
  const last = everyone.findLast((m) => m.complete) ?? current;
  const soFar = current && current !== last && current.arpu != null ? `; ${current.month.slice(0, 7)} so far: ${formatMoney(current.arpu)}` : "";
  return (
    <>
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Totals">
        <StatCard label="Revenue" value={formatMoney(revenue)} hint="in the range" testId="stat-revenue" />
        <StatCard label="ARPU" value={last?.arpu == null ? "—" : formatMoney(last.arpu)} hint={last ? `in ${last.month.slice(0, 7)}, per active person${soFar}` : undefined} testId="stat-arpu" />
        <StatCard label="Spend" value={formatMoney(spend)} hint={`${totals.length} channels`} testId="stat-spend" />
        <StatCard label="ROI" value={spend ? formatPercent((channelRevenue - spend) / spend) : "—"} hint={spend ? `ROAS ${(channelRevenue / spend).toFixed(2)}× on the channels' people` : "no spend uploaded"} testId="stat-roi" />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Revenue per month by {r.breakdown}</h2>
        <RevenueChart months={r.months} />
      </section>
      <section className="grid gap-4 lg:grid-cols-2">
        <div className="card p-5">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">ARPU: revenue per active person</h2>
          <ArpuChart months={r.months} />
        </div>
        <div className="card p-5">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">LTV: cumulative revenue per person since signup</h2>
          <LtvChart cohorts={r.ltv} />
        </div>
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Spend and return by channel and platform</h2>
        <ChannelTable rows={r.channels.filter((c) => c.month === null)} by="platform" payback={r.payback} />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Spend and return by channel and month</h2>
        <ChannelTable rows={r.channels.filter((c) => c.month !== null && c.platform === null)} by="month" />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Revenue per person by {r.breakdown}, compared</h2>
        <RevenueComparisonTable comparisons={r.comparisons} breakdown={r.breakdown} />
      </section>
    </>
  );
}
