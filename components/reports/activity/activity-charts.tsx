"use client";

import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import type { ActivityDay, ActivityGroup } from "@/lib/reports/activity/definition";

const EMPTY = "Nobody was active in this range. Try a longer range, an earlier as-of date or fewer filters.";
/** The as-of day when it has not ended: drawn as "so far". */
const partialFrom = (group: ActivityGroup) => group.days.find((d) => d.partial)?.day;

/** DAU with its 7-day average drawn over it, and the period before's dashed when given. */
export function DailyActiveChart({ group, previous = [], height }: { group: ActivityGroup; previous?: ActivityDay[]; height?: number }) {
  return (
    <TimeSeriesChart
      yLabel="people"
      height={height}
      partialFrom={partialFrom(group)}
      series={[
        { id: "DAU", points: group.days.map((d) => ({ x: d.day, y: d.dau })) },
        { id: "7-day average", points: group.days.map((d) => ({ x: d.day, y: Math.round(d.dauAverage7 * 10) / 10 })) },
        ...(previous.length ? [{ id: "DAU (period before)", comparesTo: "DAU", points: previous.map((d) => ({ x: d.day, y: d.dau })) }] : []),
      ]}
      emptyMessage={EMPTY}
    />
  );
}

/** WAU and MAU: people active in the 7 and 30 days ending each day. */
export function RollingActiveChart({ group }: { group: ActivityGroup }) {
  return (
    <TimeSeriesChart
      yLabel="people"
      partialFrom={partialFrom(group)}
      series={[
        { id: "WAU (7 days)", points: group.days.map((d) => ({ x: d.day, y: d.wau })) },
        { id: "MAU (30 days)", points: group.days.map((d) => ({ x: d.day, y: d.mau })) },
      ]}
      emptyMessage={EMPTY}
    />
  );
}

/** Each breakdown value's 7-day average DAU, one line per value. */
export function BreakdownChart({ groups }: { groups: ActivityGroup[] }) {
  return (
    <TimeSeriesChart
      yLabel="people (7-day average)"
      partialFrom={groups[0] && partialFrom(groups[0])}
      series={groups.map((g) => ({ id: g.value ?? "(all)", points: g.days.map((d) => ({ x: d.day, y: Math.round(d.dauAverage7 * 10) / 10 })) }))}
      emptyMessage={EMPTY}
    />
  );
}
