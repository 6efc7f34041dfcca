import { z } from "zod";
import type { MeanComparison } from "@/lib/stats/compare";
import { commonParams, commonToRaw, dayField, single } from "../params";
import { filterReferences, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";

export const REVENUE_DEFAULTS = { breakdown: "source", months: 12 };
export const MAX_REVENUE_MONTHS = 60;

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  breakdown: z.preprocess(single, z.string().trim().min(1).max(200).default(REVENUE_DEFAULTS.breakdown)).transform((b) => b.replace(/^person\./, "")),
  baseline: z.preprocess(single, z.string().trim().min(1).max(200).optional()),
};
export const revenueSchema = z.object(fields);
export type RevenueParams = z.output<typeof revenueSchema>;

/** One month of one group (null: everyone): revenue, and what it is per active and per paying person. */
export type RevenueMonth = { month: string; value: string | null; complete: boolean; revenue: number; active: number; paying: number; arpu: number | null; arppu: number | null };
/** A signup cohort of a group: cumulative revenue per member after 0, 1, 2… whole months (null: not reached by as_of). */
export type LtvCohort = { value: string | null; cohort: string; size: number; cumulative: (number | null)[] };
/** Spend and what it brought, per channel (and platform; null: all platforms) and month (null: the whole range). */
export type ChannelRow = {
  channel: string;
  platform: string | null;
  month: string | null;
  spend: number;
  clicks: number | null;
  cpc: number | null;
  newCustomers: number;
  cac: number | null;
  revenue: number;
  roas: number | null;
  roi: number | null;
};
/** Months after signup until the channel's cohorts' cumulative revenue covers the channel's spend (null: not yet). */
export type Payback = { channel: string; spend: number; paybackMonths: number | null; revenueToDate: number };
export type RevenueComparison = { value: string; baseline: string; mean: number; baselineMean: number; n: number; baselineN: number; test: MeanComparison | null };

export type RevenueResult = {
  asOf: string;
  fromMonth: string;
  toMonth: string;
  breakdown: string;
  months: RevenueMonth[];
  ltv: LtvCohort[];
  channels: ChannelRow[];
  payback: Payback[];
  comparisons: RevenueComparison[];
};

export const revenueDefinition = {
  kind: "revenue",
  title: "Revenue",
  timedEvents: { instead: "journeys" },
  parameters: Object.keys(fields),
  narrowing: "Narrow it: a later `from` or an earlier `to`.",
  viewParameters: [],
  schema: revenueSchema,
  toRaw: (p) => ({ ...commonToRaw(p), from: p.from, to: p.to, breakdown: `person.${p.breakdown}`, baseline: p.baseline }),
  references: (p) => [...filterReferences("where", p.where), { parameter: "breakdown", scope: "person" as const, property: p.breakdown }],
  describe(p, project) {
    const lines = [
      `Calendar months from ${p.from ?? `${REVENUE_DEFAULTS.months - 1} months before the as-of month`} to ${p.to ?? "the as-of day"}, in the project's time zone (${project.timezone}), up to as_of (${p.as_of ?? "now"}). Revenue is the revenue of events.`,
      `Per month and per value of the person property "${p.breakdown}" (the acquisition channel by default): revenue; ARPU, revenue ÷ people with any event that month; ARPPU, revenue ÷ people with revenue that month.`,
      "LTV: people grouped by the month they signed up (or of their first event), cumulative revenue per member after 0, 1, 2… whole months; a month not reached by as_of is left empty.",
      `Spend comes from spend uploads. A spend channel is matched to the people whose "${p.breakdown}" has the same name, and a spend platform to their platform. CPC: spend ÷ clicks, where clicks are given. New customers: those people whose first revenue falls in the month. CAC: spend ÷ new customers. ROAS: their revenue in the month ÷ spend. ROI: (revenue − spend) ÷ spend.`,
      "Payback: the whole months after signup until the cumulative revenue of a channel's people who signed up in the range covers the channel's spend in the range.",
      `Revenue per person (members who signed up in the range, their revenue to as_of) of each value is compared with ${p.baseline ? `"${p.baseline}"` : "the value with the most people"} by Welch's t-test.`,
    ];
    if (p.where.length) lines.push(`Only events and people matching: ${p.where.map(formatFilter).join(" and ")}.`);
    return lines;
  },
  table: (r) => ({
    columns: ["section", "group", "month", "platform", "revenue", "active", "paying", "arpu", "arppu", "spend", "clicks", "cpc", "new_customers", "cac", "roas", "roi"],
    rows: [
      ...r.months.map((m) => ["month", m.value ?? "(all)", m.month, null, m.revenue, m.active, m.paying, m.arpu, m.arppu, null, null, null, null, null, null, null]),
      ...r.channels.map((c) => ["channel", c.channel, c.month ?? "(range)", c.platform ?? "(all)", c.revenue, null, null, null, null, c.spend, c.clicks, c.cpc, c.newCustomers, c.cac, c.roas, c.roi]),
    ],
  }),
  drilldowns: {},
  examples: [{}, { breakdown: "person.plan", from: "2026-01-01", where: "person.country = \"United Kingdom\"" }, { breakdown: "platform", baseline: "web", where: "Quantity > 0" }],
} satisfies ReportDefinition<RevenueParams, RevenueResult>;
