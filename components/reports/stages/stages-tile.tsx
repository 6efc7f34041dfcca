import { STAGE_LABELS, type StagesResult } from "@/lib/reports/stages/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import type { ReportTileProps } from "../registry";

/** A dashboard tile: new buyers, and the share of them reaching each later stage. */
export function StagesTile({ output }: ReportTileProps<StagesResult>) {
  const r = output.result;
  return (
    <div className="space-y-2" data-testid="stages-tile">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{formatNumber(r.buyers)}</span> new buyers
      </p>
      <ul className="space-y-1 text-xs">
        {r.stages.slice(1).map((s) => (
          <li key={s.stage} className="flex items-center gap-2">
            <span className="w-48 truncate text-slate-700">{STAGE_LABELS[s.stage]}</span>
            <span className="h-2 rounded bg-brand-500" style={{ width: `${Math.round((s.share ?? 0) * 40)}%` }} aria-hidden="true" />
            <span className="tabular-nums text-slate-600">{s.share === null ? "—" : formatPercent(s.share, 0)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
