import type { RetentionResult } from "@/lib/reports/retention/definition";
import { periodLabel, periodsAxisLabel } from "@/lib/reports/periods";
import { formatNumber, formatPercent } from "@/lib/format";
import { RateLineChart } from "@/components/charts/rate-line-chart";
import type { ReportTileProps } from "../registry";

/** A dashboard tile: the period-1 headline and the size-weighted average curve of everyone. */
export function RetentionTile({ output }: ReportTileProps<RetentionResult>) {
  const { result } = output;
  const everyone = result.groups.find((g) => g.value === null);
  const p1 = everyone?.average[1] ?? null;
  const points = (everyone?.average ?? []).map((y, k) => ({ x: periodLabel(result.period, k), y }));
  return (
    <div className="space-y-2" data-testid="retention-tile">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{p1 === null ? "—" : formatPercent(p1)}</span>{" "}
        {periodLabel(result.period, 1).toLowerCase()} retention · {formatNumber(everyone?.size ?? 0)} people in {everyone?.cohorts.length ?? 0} cohorts
      </p>
      <RateLineChart
        series={[{ id: "Average (weighted by size)", emphasis: true, points }]}
        xLabel={periodsAxisLabel(result.period)}
        tickFormat={(x) => x.replace(/^\D+/, "")}
        height={160}
        emptyMessage="No complete periods yet."
      />
    </div>
  );
}
