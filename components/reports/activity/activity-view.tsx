import { headlineDay, type ActivityDay, type ActivityResult } from "@/lib/reports/activity/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { BreakdownChart, DailyActiveChart, RollingActiveChart } from "./activity-charts";
import { ActivityTable } from "./activity-table";
import { WeekdayHourHeatmap } from "./weekday-hour-heatmap";

/** DAU with its 7-day average, WAU and MAU, stickiness, the breakdown's lines, and when in the week people come. */
export function ActivityView({ project, output }: ReportViewProps<ActivityResult>) {
  const r = output.result;
  const everyone = r.groups.find((g) => g.value === null)!;
  const last = headlineDay(everyone.days);
  const today = everyone.days.at(-1);
  // The day so far beside the last whole one; alone (the range's only day), just marked so.
  const sofar = !today?.partial ? "" : today === last ? " so far" : `; ${today.day} so far: ${formatNumber(today.dau)}`;
  const values = r.groups.filter((g) => g.value !== null);
  // The cards compare the last whole day with the day it lies on in the period before.
  const before = last && r.previous.days.find((d) => d.day === last.day);
  const then = `${r.previous.days.length} days earlier`;
  const change = (pick: (d: ActivityDay) => number) => (last && before ? { current: pick(last), previous: pick(before), then } : undefined);
  return (
    <>
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-5" aria-label="The last whole day">
        <StatCard label="DAU" value={formatNumber(last?.dau ?? 0)} hint={last ? `on ${last.day}${sofar}` : undefined} testId="stat-dau" change={change((d) => d.dau)} />
        <StatCard label="7-day average" value={(last?.dauAverage7 ?? 0).toFixed(1)} hint="daily active, mean of 7 days" testId="stat-dau-7" />
        <StatCard label="WAU" value={formatNumber(last?.wau ?? 0)} hint="active in the last 7 days" testId="stat-wau" change={change((d) => d.wau)} />
        <StatCard label="MAU" value={formatNumber(last?.mau ?? 0)} hint="active in the last 30 days" testId="stat-mau" change={change((d) => d.mau)} />
        <StatCard label="Stickiness" value={last?.stickiness == null ? "—" : formatPercent(last.stickiness)} hint={`DAU ÷ MAU; ${formatNumber(everyone.people)} people active in the range`} testId="stat-stickiness" />
      </section>
      <section className="card p-5" data-testid="dau-chart">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Daily active people, with the 7-day average</h2>
        <DailyActiveChart group={everyone} previous={r.previous.days} />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Weekly and monthly active people</h2>
        <RollingActiveChart group={everyone} />
      </section>
      {values.length > 0 && (
        <section className="card p-5">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">By {r.breakdown}: daily active people, 7-day average</h2>
          <BreakdownChart groups={values} />
        </section>
      )}
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">When people are active</h2>
        <WeekdayHourHeatmap cells={r.hours} timezone={project.timezone} />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Per day</h2>
        <ActivityTable days={everyone.days} />
      </section>
    </>
  );
}
