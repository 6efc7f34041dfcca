import { headlineDay, type ActivityResult } from "@/lib/reports/activity/definition";
import { formatNumber } from "@/lib/format";
import type { ReportTileProps } from "../registry";
import { DailyActiveChart } from "./activity-charts";

/** A dashboard tile: the last whole day's DAU and MAU, and the daily line with its 7-day average. */
export function ActivityTile({ output }: ReportTileProps<ActivityResult>) {
  const everyone = output.result.groups.find((g) => g.value === null)!;
  const last = headlineDay(everyone.days);
  return (
    <div className="space-y-2" data-testid="activity-tile">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{formatNumber(last?.dau ?? 0)}</span> daily ·{" "}
        <span className="font-medium text-slate-900 tabular-nums">{formatNumber(last?.mau ?? 0)}</span> monthly active
      </p>
      <DailyActiveChart group={everyone} height={160} />
    </div>
  );
}
