import type { JourneysResult } from "@/lib/reports/journeys/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import type { ReportTileProps } from "../registry";

/** A dashboard tile: the number of journeys and the pages most of them contain. */
export function JourneysTile({ output }: ReportTileProps<JourneysResult>) {
  const everyone = output.result.segments[0]!;
  const top = everyone.presence.slice(0, 6);
  return (
    <div className="space-y-2" data-testid="journeys-tile">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{formatNumber(everyone.journeys)}</span> journeys · mean{" "}
        {everyone.length.mean?.toFixed(1) ?? "—"} pages
      </p>
      <ul className="space-y-1 text-xs">
        {top.map((p) => (
          <li key={p.page} className="flex items-center gap-2">
            <span className="w-32 truncate text-slate-700">{p.page}</span>
            <span className="h-2 rounded bg-brand-500" style={{ width: `${Math.round(p.share * 60)}%` }} aria-hidden="true" />
            <span className="tabular-nums text-slate-600">{formatPercent(p.share, 0)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
