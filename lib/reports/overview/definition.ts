import { z } from "zod";
import { commonParams, commonToRaw, dayField } from "../params";
import { filterReferences, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";

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
      "Events without a timestamp (page journeys give order but no clock) count in the totals only over all time, and never per day.",
      p.where.length ? `Only events matching: ${p.where.map(formatFilter).join(" and ")}.` : "No property filters.",
    ];
  },
  table: (r) => ({
    columns: ["day", "events", "people"],
    rows: r.perDay.map((d) => [d.day, d.events, d.people]),
  }),
  drilldowns: {},
  examples: [{}, { from: "-29d", where: ["Quantity > 0", "person.country = \"United Kingdom\""] }, { from: "2026-01-01", to: "2026-01-31", where: "revenue > 0" }],
} satisfies ReportDefinition<OverviewParams, OverviewResult>;
