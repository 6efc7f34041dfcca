import type { OverviewResult } from "@/lib/reports/overview/definition";
import { formatNumber } from "@/lib/format";
import type { ReportTileProps } from "../registry";
import { EventsPerDayChart } from "./events-per-day-chart";

/** A dashboard tile: people and events in the range, and the daily series. */
export function OverviewTile({ output }: ReportTileProps<OverviewResult>) {
  const { totals } = output.result;
  return (
    <div className="space-y-2" data-testid="overview-tile">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{formatNumber(totals.people)}</span> people ·{" "}
        <span className="font-medium text-slate-900 tabular-nums">{formatNumber(totals.events)}</span> events
      </p>
      <EventsPerDayChart result={output.result} height={160} />
    </div>
  );
}
