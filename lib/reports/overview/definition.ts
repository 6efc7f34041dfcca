import { z } from "zod";
import { commonParams, commonToRaw, dayField } from "../params";
import { formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";

export const overviewSchema = z.object({
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
});
export type OverviewParams = z.output<typeof overviewSchema>;

export type OverviewResult = {
  asOf: string;
  fromDay: string | null;
  toDay: string;
  totals: {
    people: number;
    events: number;
    untimedEvents: number;
    firstEvent: string | null;
    lastEvent: string | null;
  };
  perDay: { day: string; events: number; people: number }[];
  topEvents: { name: string; events: number; people: number }[];
};

export const overviewReport: ReportDefinition<OverviewParams, OverviewResult> = {
  kind: "overview",
  title: "Overview",
  schema: overviewSchema,
  toRaw: (p) => ({ ...commonToRaw(p), from: p.from, to: p.to }),
  describe(p, project) {
    const range = p.from || p.to ? `from ${p.from ?? "the first event"} to ${p.to ?? "the as-of day"}` : "over all time";
    return [
      `Events counted ${range}, up to as_of (${p.as_of ?? "now"}), with days taken in the project's time zone (${project.timezone}).`,
      "People: distinct people with at least one counted event. Events per day: events and distinct people on each local day.",
      "Events without a timestamp (page journeys give order but no clock) count in the totals only over all time, and never per day.",
      p.where.length ? `Only events matching: ${p.where.map(formatFilter).join(" and ")}.` : "No property filters.",
    ];
  },
  table: (r) => ({
    columns: ["day", "events", "people"],
    rows: r.perDay.map((d) => [d.day, d.events, d.people]),
  }),
};
