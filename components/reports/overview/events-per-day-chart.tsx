"use client";

import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { OverviewResult } from "@/lib/reports/overview/definition";

export function EventsPerDayChart({ result, height }: { result: Pick<OverviewResult, "perDay" | "totals" | "previous" | "partialDay">; height?: number }) {
  const { perDay, totals, previous } = result;
  // Every event without a timestamp (page journeys): there is no daily series to draw, and the message says why.
  const untimed = totals.events > 0 && totals.events === totals.untimedEvents;
  return (
    <TimeSeriesChart
      yLabel="per day"
      partialFrom={result.partialDay ?? undefined}
      height={height}
      series={[
        { id: "Events", points: perDay.map((d) => ({ x: d.day, y: d.events })) },
        { id: "People", points: perDay.map((d) => ({ x: d.day, y: d.people })) },
        ...(previous
          ? [
              { id: "Events (period before)", comparesTo: "Events", points: previous.perDay.map((d) => ({ x: d.day, y: d.events })) },
              { id: "People (period before)", comparesTo: "People", points: previous.perDay.map((d) => ({ x: d.day, y: d.people })) },
            ]
          : []),
      ]}
      emptyMessage={
        untimed
          ? "This project's events have no timestamps (page journeys), so there is no daily series."
          : "No events in this range. Try a longer range or remove a filter."
      }
    />
  );
}
