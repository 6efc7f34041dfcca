"use client";

import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { OverviewResult } from "@/lib/reports/overview/definition";

export function EventsPerDayChart({ perDay, untimed, height }: { perDay: OverviewResult["perDay"]; untimed: boolean; height?: number }) {
  return (
    <TimeSeriesChart
      yLabel="per day"
      height={height}
      series={[
        { id: "Events", points: perDay.map((d) => ({ x: d.day, y: d.events })) },
        { id: "People", points: perDay.map((d) => ({ x: d.day, y: d.people })) },
      ]}
      emptyMessage={
        untimed
          ? "This project's events have no timestamps (page journeys), so there is no daily series."
          : "No events in this range. Try a longer range or remove a filter."
      }
    />
  );
}
