import type { RevenueResult } from "@/lib/reports/revenue/definition";
import { formatMoney } from "@/lib/format";
import type { ReportTileProps } from "../registry";
import { RevenueChart } from "./revenue-charts";

/** A dashboard tile: revenue in the range and per month. */
export function RevenueTile({ output }: ReportTileProps<RevenueResult>) {
  const months = output.result.months.filter((m) => m.value === null);
  return (
    <div className="space-y-2" data-testid="revenue-tile">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{formatMoney(months.reduce((s, m) => s + m.revenue, 0))}</span> revenue
      </p>
      <RevenueChart months={months} height={180} />
    </div>
  );
}
