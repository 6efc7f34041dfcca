import "server-only";
import { AppError } from "@/lib/errors";
import { compareMeans } from "@/lib/stats/compare";
import { closest } from "../params";
import { periodsBetween } from "../periods";
import { runQuery, type ReportContext } from "../run-query";
import { MAX_REVENUE_MONTHS, revenueDefinition, type ChannelRow, type LtvCohort, type Payback, type RevenueComparison, type RevenueParams, type RevenueResult } from "./definition";
import { channelQuery, ltvQuery, monthlyQuery, revenueBoundsQuery, type RevenueBoundsRow } from "./query";

type MonthRow = { everyone: boolean; value: string | null; month: string; complete: boolean; revenue: number; active: number; paying: number };
type LtvRow = { cohorts: (Omit<LtvCohort, "value"> & { everyone: boolean; value: string | null })[]; samples: { value: string; n: number; mean: number; variance: number }[] };
type ChannelSqlRow = { channel: string; platform: string | null; month: string | null; spend: number; clicks: number | null; revenue: number; new_customers: number };

const ratio = (a: number, b: number | null) => (b ? a / b : null);

/** Months after signup until a channel's cohorts (each counting what it has reached so far) cover its spend. */
function paybackOf(channel: string, spend: number, cohorts: LtvCohort[]): Payback {
  const own = cohorts.filter((c) => c.value === channel);
  const longest = Math.max(0, ...own.map((c) => c.cumulative.length));
  const totalAt = (k: number) => own.reduce((sum, c) => sum + c.size * (c.cumulative[Math.min(k, c.cumulative.length - 1)] ?? 0), 0);
  let paybackMonths: number | null = null;
  for (let k = 0; k < longest; k++)
    if (spend > 0 && totalAt(k) >= spend) {
      paybackMonths = k;
      break;
    }
  return { channel, spend, paybackMonths, revenueToDate: longest ? totalAt(longest - 1) : 0 };
}

export async function runRevenue(ctx: ReportContext, p: RevenueParams): Promise<RevenueResult> {
  const [b] = await runQuery<RevenueBoundsRow>(ctx, "Bounds", revenueBoundsQuery(ctx.project, p, ctx.now));
  if (!b) throw new Error("The bounds query returned no row");
  if (b.from_month > b.to_month) throw new AppError("invalid", `from (${p.from}) is after to (${p.to ?? "the as-of day"}).`);
  const span = periodsBetween("month", b.from_month, b.to_month) + 1;
  if (span > MAX_REVENUE_MONTHS) throw new AppError("invalid", `At most ${MAX_REVENUE_MONTHS} months at a time; this range has ${span}. ${revenueDefinition.narrowing}`);
  const q = { project: ctx.project, p, b };
  const [monthRows, [ltv], channelRows] = await Promise.all([
    runQuery<MonthRow>(ctx, "Revenue and ARPU per month", monthlyQuery(q)),
    runQuery<LtvRow>(ctx, "Cumulative revenue per person by signup cohort", ltvQuery(q)),
    runQuery<ChannelSqlRow>(ctx, "Spend, customers and revenue per channel", channelQuery(q)),
  ]);
  const cohorts: LtvCohort[] = (ltv?.cohorts ?? []).map((c) => ({ value: c.everyone ? null : c.value, cohort: c.cohort, size: c.size, cumulative: c.cumulative }));
  const channels: ChannelRow[] = channelRows.map((r) => ({
    channel: r.channel,
    platform: r.platform,
    month: r.month,
    spend: r.spend,
    clicks: r.clicks,
    cpc: r.clicks === null ? null : ratio(r.spend, r.clicks),
    newCustomers: r.new_customers,
    cac: ratio(r.spend, r.new_customers),
    revenue: r.revenue,
    roas: ratio(r.revenue, r.spend),
    roi: r.spend > 0 ? (r.revenue - r.spend) / r.spend : null,
  }));
  const payback = channels.filter((c) => c.platform === null && c.month === null).map((c) => paybackOf(c.channel, c.spend, cohorts));

  const samples = ltv?.samples ?? [];
  let comparisons: RevenueComparison[] = [];
  if (samples.length > 1) {
    const baseline = p.baseline ? samples.find((s) => s.value === p.baseline) : samples[0];
    if (!baseline) {
      const names = samples.map((s) => s.value);
      const near = closest(p.baseline!, names);
      throw new AppError("invalid", `baseline: no ${p.breakdown} "${p.baseline}" among the people who signed up in the range.${near ? ` Did you mean "${near}"?` : ""} Values: ${names.join(", ")}.`);
    }
    comparisons = samples
      .filter((s) => s !== baseline)
      .map((s) => ({ value: s.value, baseline: baseline.value, mean: s.mean, baselineMean: baseline.mean, n: s.n, baselineN: baseline.n, test: compareMeans(s, baseline) }));
  }
  return {
    asOf: b.as_of.toISOString(),
    fromMonth: b.from_month,
    toMonth: b.to_month,
    breakdown: p.breakdown,
    months: monthRows.map((m) => ({ month: m.month, value: m.everyone ? null : m.value, complete: m.complete, revenue: m.revenue, active: m.active, paying: m.paying, arpu: ratio(m.revenue, m.active), arppu: ratio(m.revenue, m.paying) })),
    ltv: cohorts,
    channels,
    payback,
    comparisons,
  };
}
