import type { OverviewResult } from "@/lib/reports/overview/definition";
import { formatDateTime, formatNumber } from "@/lib/format";
import { periodsBetween } from "@/lib/reports/periods";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { EventsPerDayChart } from "./events-per-day-chart";
import { TopEventsTable } from "./top-events-table";

/** The overview page's body: totals, the daily series and the top events. */
export function OverviewView({ project, output }: ReportViewProps<OverviewResult>) {
  const { result } = output;
  const t = result.totals;
  const prev = result.previous;
  const then = prev ? `in the ${periodsBetween("day", prev.fromDay, prev.toDay) + 1} days before` : "";
  return (
    <>
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Totals">
        <StatCard
          label="People"
          value={formatNumber(t.people)}
          hint="with at least one event"
          testId="stat-people"
          change={prev ? { current: t.people, previous: prev.people, then } : undefined}
        />
        <StatCard
          label="Events"
          value={formatNumber(t.events)}
          change={prev ? { current: t.events, previous: prev.events, then } : undefined}
          hint={t.untimedEvents ? `${formatNumber(t.untimedEvents)} without a timestamp` : undefined}
          testId="stat-events"
        />
        <StatCard label="First event" value={t.firstEvent ? formatDateTime(t.firstEvent, project.timezone) : "—"} testId="stat-first" />
        <StatCard label="Last event" value={t.lastEvent ? formatDateTime(t.lastEvent, project.timezone) : "—"} testId="stat-last" />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Events and people per day</h2>
        <EventsPerDayChart result={result} />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Top events</h2>
        <TopEventsTable rows={result.topEvents} />
      </section>
    </>
  );
}
