import { z } from "zod";
import { commonParams, commonToRaw, dayField } from "../params";
import { filterReferences, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";
import { addDays } from "../periods";

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
};
export const overviewSchema = z.object(fields);
export type OverviewParams = z.output<typeof overviewSchema>;

export type OverviewResult = {
  asOf: string;
  fromDay: string | null;
  toDay: string;
  /** The last day, when as_of falls before its end: its figures are so far, not final. */
  partialDay: string | null;
  totals: {
    people: number;
    events: number;
    untimedEvents: number;
    firstEvent: string | null;
    lastEvent: string | null;
  };
  perDay: { day: string; events: number; people: number }[];
  /**
   * The same number of days just before the range, for comparison (none over all time): its totals, and its days
   * laid over the range's (`day` is the range's day that many days later).
   */
  previous: { fromDay: string; toDay: string; events: number; people: number; perDay: { day: string; events: number; people: number }[] } | null;
  topEvents: { name: string; events: number; people: number }[];
  /** Where the daily series was read: the day rollups (unfiltered) or the events. The same numbers either way. */
  source: "rollup" | "events";
};

/** The date-range presets the controls offer: `from` as days before the as-of day (`to` is the as-of day). */
export const RANGE_PRESETS = [
  { label: "All time", from: undefined },
  { label: "7 days", from: "-6d" },
  { label: "30 days", from: "-29d" },
  { label: "90 days", from: "-89d" },
  { label: "12 months", from: "-364d" },
] as const;

export const overviewDefinition = {
  kind: "overview",
  title: "Overview",
  parameters: Object.keys(fields),
  narrowing: "Narrow it: a later `from` or an earlier `to`.",
  viewParameters: [],
  schema: overviewSchema,
  toRaw: (p) => ({ ...commonToRaw(p), from: p.from, to: p.to }),
  references: (p) => filterReferences("where", p.where),
  describe(p, project) {
    const range = p.from || p.to ? `from ${p.from ?? "the first event"} to ${p.to ?? "the as-of day"}` : "over all time";
    return [
      `Events counted ${range}, up to as_of (${p.as_of ?? "now"}), with days taken in the project's time zone (${project.timezone}).`,
      "People: distinct people with at least one counted event. Events per day: events and distinct people on each local day.",
      "With a start day, the previous period is the same number of days just before it, with the same filters: the cards show the change against it and the chart draws it dashed, day for day.",
      "Events without a timestamp (page journeys give order but no clock) count in the totals only over all time, and never per day.",
      p.where.length ? `Only events matching: ${p.where.map(formatFilter).join(" and ")}.` : "No property filters.",
    ];
  },
  table: (r) => {
    // With a period before, each day carries the day it is compared with and its figures.
    const before = new Map((r.previous?.perDay ?? []).map((d, i) => [d.day, { ...d, on: addDays(r.previous!.fromDay, i) }]));
    return {
      columns: ["day", "events", "people", ...(r.previous ? ["day_before", "events_before", "people_before"] : [])],
      rows: r.perDay.map((d) => {
        const b = before.get(d.day);
        return [d.day, d.events, d.people, ...(r.previous ? [b?.on ?? null, b?.events ?? null, b?.people ?? null] : [])];
      }),
    };
  },
  drilldowns: {},
  examples: [{}, { from: "-29d", where: ["Quantity > 0", "person.country = \"United Kingdom\""] }, { from: "2026-01-01", to: "2026-01-31", where: "revenue > 0" }],
} satisfies ReportDefinition<OverviewParams, OverviewResult>;
