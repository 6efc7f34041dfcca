import type { FunnelResult } from "@/lib/reports/funnel/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import type { ReportTileProps } from "../registry";
import { FunnelChart } from "./funnel-chart";

/** A dashboard tile: the overall conversion, and the funnel's bars. */
export function FunnelTile({ output }: ReportTileProps<FunnelResult>) {
  const r = output.result;
  if (!r.steps.length) return <p className="text-sm text-slate-500">This funnel has no steps yet.</p>;
  const last = r.groups[0]!.steps.at(-1)!;
  return (
    <div className="space-y-2" data-testid="funnel-tile">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{last.overallConversion === null ? "—" : formatPercent(last.overallConversion)}</span> converted ·{" "}
        <span className="font-medium text-slate-900 tabular-nums">{formatNumber(last.people)}</span> of {formatNumber(r.groups[0]!.steps[0]!.people)}
      </p>
      <FunnelChart result={r} height={200} />
    </div>
  );
}
