import { z } from "zod";
import { breakdownField, breakdownReferences, formatBreakdown } from "../breakdown";
import { commonParams, commonToRaw, dayField } from "../params";
import { filterReferences, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";

/** Days shown when `from` is not given: the 90 days ending on the as-of day. */
export const ACTIVITY_DEFAULT_FROM = "-89d";
export const ACTIVITY_RANGE_PRESETS = [
  { label: "30 days", from: "-29d" },
  { label: "90 days", from: undefined },
  { label: "6 months", from: "-181d" },
  { label: "12 months", from: "-364d" },
] as const;

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  breakdown: breakdownField,
};
export const activitySchema = z.object(fields);
export type ActivityParams = z.output<typeof activitySchema>;

export type ActivityDay = {
  day: string;
  /** People active that day, in the 7 days and in the 30 days ending that day. */
  dau: number;
  wau: number;
  mau: number;
  /** DAU ÷ MAU; null when MAU is 0. */
  stickiness: number | null;
  /** Mean DAU of the 7 days ending that day, days without activity counting as 0. */
  dauAverage7: number;
  /** The as-of day, when as_of falls before its end: its counts are so far. */
  partial: boolean;
};
/**
 * The day the headline numbers describe: the last whole day. A day still going (as_of before its end) has its counts
 * so far, which a card would compare with a whole day and show as a fall; it stays in the chart, marked so far.
 */
export function headlineDay(days: ActivityDay[]): ActivityDay | undefined {
  return days.findLast((d) => !d.partial) ?? days.at(-1);
}

export type ActivityGroup = {
  /** null for everyone; otherwise the breakdown value ("(none)" without one, "(other)" past the shown values). */
  value: string | null;
  /** Distinct people active in the range. */
  people: number;
  days: ActivityDay[];
};
/** Events and distinct people per local weekday (1 Monday … 7 Sunday) and hour, over the range. */
export type HourCell = { weekday: number; hour: number; events: number; people: number };

export type ActivityResult = {
  asOf: string;
  fromDay: string;
  toDay: string;
  breakdown: string | null;
  groups: ActivityGroup[];
  hours: HourCell[];
  /** Everyone's days in the period before (as many days, just before the range), each on the range's day it compares with. */
  previous: { fromDay: string; toDay: string; days: ActivityDay[] };
  /** Where the figures were read: the day rollup (everyone, unfiltered) or the events. The same numbers either way. */
  source: "rollup" | "events";
};

export const activityDefinition = {
  kind: "activity",
  title: "Activity",
  timedEvents: { instead: "journeys" },
  parameters: Object.keys(fields),
  narrowing: "Narrow it: a later `from`, an earlier `to`, or no breakdown.",
  // The page's view: the metric the breakdown chart draws.
  viewParameters: ["metric"],
  schema: activitySchema,
  toRaw: (p) => ({ ...commonToRaw(p), from: p.from, to: p.to, breakdown: formatBreakdown(p.breakdown) }),
  references: (p) => [...filterReferences("where", p.where), ...breakdownReferences(p.breakdown)],
  describe(p, project) {
    const lines = [
      `Days from ${p.from ?? `${ACTIVITY_DEFAULT_FROM.slice(1, -1)} days before the as-of day`} to ${p.to ?? "the as-of day"}, in the project's time zone (${project.timezone}), up to as_of (${p.as_of ?? "now"}).`,
      "A person is active on a day when they have at least one event that local day. DAU: people active that day. WAU and MAU: people active on any of the 7 and the 30 days ending that day (rolling windows, reaching before the range's first day). Stickiness: DAU ÷ MAU.",
      "7-day average: the mean DAU of the 7 days ending that day; a day without activity counts as 0.",
      "The period before: as many days just before the range, counted the same way; the charts draw it dashed, day for day, and the cards compare the last day with its day there.",
      "Weekday × hour: events and distinct people per local weekday and hour over the range.",
      "Events without a timestamp (page journeys) have no day, and are not counted. The as-of day is partial when as_of falls before its end.",
    ];
    if (p.where.length) lines.push(`Only events matching: ${p.where.map(formatFilter).join(" and ")}.`);
    if (p.breakdown)
      lines.push(
        `Broken down by the ${p.breakdown.scope} property "${p.breakdown.property}"${p.breakdown.scope === "event" ? " of each event: a person active with two values counts in both" : ""}; "(none)" without a value, and values past the most active ones are added up as "(other)".`,
      );
    return lines;
  },
  table: (r) => ({
    columns: ["group", "day", "dau", "wau", "mau", "stickiness", "dau_7d_average", "partial"],
    rows: r.groups.flatMap((g) => g.days.map((d) => [g.value ?? "(all)", d.day, d.dau, d.wau, d.mau, d.stickiness, d.dauAverage7, d.partial ? "partial" : ""])),
  }),
  drilldowns: {},
  examples: [{}, { from: "-29d", breakdown: "person.plan" }, { from: "2026-01-01", to: "2026-02-15", breakdown: "Quantity", where: ["person.plan = Pro", "revenue > 0"] }],
} satisfies ReportDefinition<ActivityParams, ActivityResult>;
