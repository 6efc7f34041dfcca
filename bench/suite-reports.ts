/**
 * The reports the speed suite times (bench/suite.ts), each with its parameters, its dashboard tile, and the numbers
 * read from the app's result to check against DuckDB's (bench/suite-duckdb.ts computes the same keys):
 * - monthly and weekly retention, 12 periods, first-event cohorts, any return: every cohort's size and every cell;
 * - a 4-step funnel with a 7-day window broken down by plan: the people at each step, everyone and per plan;
 * - page journeys: the journeys, the top 3-page sequences and the pages after Pricing;
 * - DAU and its 7-day average over 90 days: both, every day;
 * - campaign KPIs with Purchase as the goal and a 7-day window: each campaign's audience, outcomes, conversions,
 *   revenue, dormant and re-engaged recipients, and its holdout's size and conversions;
 * - the overview over all time, a project's first page: people, events and untimed events, events and people per
 *   day, and the top events with their people.
 */
import type { ActivityResult } from "@/lib/reports/activity/definition";
import type { CampaignsResult } from "@/lib/reports/campaigns/definition";
import type { FunnelResult } from "@/lib/reports/funnel/definition";
import type { JourneysResult } from "@/lib/reports/journeys/definition";
import type { OverviewResult } from "@/lib/reports/overview/definition";
import type { RawParams } from "@/lib/reports/params";
import { addDays } from "@/lib/reports/periods";
import type { RetentionResult } from "@/lib/reports/retention/definition";

export const FUNNEL_STEPS = ["Open app", "View item", "Add to cart", "Purchase"];
export const JOURNEY_PAGE = "Pricing";
export const GOAL = "Purchase";

/** Numbers by name, and a line to show. */
export type Figures = { headline: string; values: Record<string, number> };

export type SuiteReportId = "retention-month" | "retention-week" | "funnel" | "journeys" | "activity" | "campaigns" | "overview";

/** The days the reports read, from the data's last local day (every report is given it as as_of). */
export type SuiteBounds = {
  asOfDay: string;
  /** The first day of the first cohort period: 11 months, or 11 ISO weeks, before the as-of day's. */
  monthFrom: string;
  weekFrom: string;
  /** Funnel entries from 90 days before the as-of day to 7 days before it. */
  funnelFrom: string;
  funnelTo: string;
  /** Activity's 90 days. */
  activityFrom: string;
};

export function suiteBounds(lastDay: string): SuiteBounds {
  const [y, m] = lastDay.split("-").map(Number) as [number, number];
  const month = new Date(Date.UTC(y, m - 1 - 11, 1)).toISOString().slice(0, 10);
  const weekday = (new Date(`${lastDay}T00:00:00Z`).getUTCDay() + 6) % 7;
  return {
    asOfDay: lastDay,
    monthFrom: month,
    weekFrom: addDays(lastDay, -weekday - 77),
    funnelFrom: addDays(lastDay, -90),
    funnelTo: addDays(lastDay, -7),
    activityFrom: addDays(lastDay, -89),
  };
}

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
const tile = (kind: string, params: [string, string][]) => `${kind}?${new URLSearchParams(params).toString()}`;

type Spec = {
  id: SuiteReportId;
  title: string;
  kind: string;
  params: (b: SuiteBounds) => RawParams;
  /** The dashboard tile: the same report without as_of, as a dashboard follows the data; null for none. */
  tile: string | null;
  figures: (result: unknown) => Figures;
};

function retentionFigures(result: unknown): Figures {
  const r = result as RetentionResult;
  const everyone = r.groups.find((g) => g.value === null)!;
  const values: Record<string, number> = {};
  for (const c of everyone.cohorts) {
    values[`${c.cohort} size`] = c.size;
    c.cells.forEach((cell, k) => (values[`${c.cohort} +${k}`] = cell.retained));
  }
  const first = everyone.cohorts[0]!;
  return { headline: `${first.cohort.slice(0, 10)} cohort ${fmt(first.size)}, ${r.period} 1 ${fmt(first.cells[1]?.retained ?? 0)}`, values };
}

export const SUITE_REPORTS: Spec[] = [
  {
    id: "retention-month",
    title: "Retention, monthly (12)",
    kind: "retention",
    params: (b) => ({ period: "month", periods: "12", as_of: b.asOfDay }),
    tile: tile("retention", [["period", "month"], ["periods", "12"]]),
    figures: retentionFigures,
  },
  {
    id: "retention-week",
    title: "Retention, weekly (12)",
    kind: "retention",
    params: (b) => ({ period: "week", periods: "12", as_of: b.asOfDay }),
    tile: tile("retention", [["period", "week"], ["periods", "12"]]),
    figures: retentionFigures,
  },
  {
    id: "funnel",
    title: "Funnel, 4 steps, 7 d, by plan",
    kind: "funnel",
    params: (b) => ({ step: FUNNEL_STEPS, window: "7d", from: b.funnelFrom, to: b.funnelTo, breakdown: "person.plan", as_of: b.asOfDay }),
    tile: tile("funnel", [...FUNNEL_STEPS.map((s): [string, string] => ["step", s]), ["window", "7d"], ["breakdown", "person.plan"]]),
    figures(result) {
      const r = result as FunnelResult;
      const values: Record<string, number> = {};
      for (const g of r.groups) g.steps.forEach((s, i) => (values[`${g.value ?? "everyone"} step ${i + 1}`] = s.people));
      return { headline: r.groups[0]!.steps.map((s) => fmt(s.people)).join(" → "), values };
    },
  },
  {
    id: "journeys",
    title: `Journeys: 3-page sequences, after ${JOURNEY_PAGE}`,
    kind: "journeys",
    params: (b) => ({ n: "3", page: JOURNEY_PAGE, as_of: b.asOfDay }),
    tile: tile("journeys", [["n", "3"], ["page", JOURNEY_PAGE]]),
    figures(result) {
      const s = (result as JourneysResult).segments[0]!;
      const values: Record<string, number> = { journeys: s.journeys, emptied: s.emptied };
      for (const q of s.sequences) values[`sequence ${q.pages.join(" > ")}`] = q.journeys;
      for (const a of s.after) values[`after ${JOURNEY_PAGE}: ${a.page}`] = a.count;
      const top = s.sequences[0];
      return { headline: `${fmt(s.journeys)} journeys; top ${top ? `${top.pages.join(" > ")} ${fmt(top.journeys)}` : "none"}`, values };
    },
  },
  {
    id: "activity",
    title: "DAU and 7-day average, 90 days",
    kind: "activity",
    params: (b) => ({ from: "-89d", as_of: b.asOfDay }),
    tile: tile("activity", [["from", "-89d"]]),
    figures(result) {
      const days = (result as ActivityResult).groups[0]!.days;
      const values: Record<string, number> = {};
      for (const d of days) {
        values[`${d.day} DAU`] = d.dau;
        values[`${d.day} 7-day average`] = d.dauAverage7;
      }
      const last = days.at(-1)!;
      return { headline: `${last.day}: DAU ${fmt(last.dau)}, 7-day average ${fmt(last.dauAverage7)}`, values };
    },
  },
  {
    id: "campaigns",
    title: `Campaign KPIs (goal ${GOAL}, 7 d)`,
    kind: "campaigns",
    params: (b) => ({ goal: GOAL, window: "7d", as_of: b.asOfDay }),
    tile: tile("campaigns", [["goal", GOAL], ["window", "7d"]]),
    figures(result) {
      const r = result as CampaignsResult;
      const values: Record<string, number> = {};
      let audience = 0;
      let conversions = 0;
      for (const c of r.campaigns) {
        const figures = {
          audience: c.audience, sent: c.sent, bounced: c.bounced, opens: c.opens, clicks: c.clicks, unsubscribes: c.unsubscribes,
          conversions: c.conversions ?? 0, revenue: c.revenue, dormant: c.dormant, reengaged: c.reengaged,
          "holdout audience": c.holdoutAudience, "holdout conversions": Math.round((c.holdoutConversionRate ?? 0) * c.holdoutAudience),
        };
        for (const [name, n] of Object.entries(figures)) values[`${c.campaign} ${name}`] = n;
        audience += c.audience;
        conversions += c.conversions ?? 0;
      }
      return { headline: `${r.campaigns.length} campaigns, audience ${fmt(audience)}, ${fmt(conversions)} converted`, values };
    },
  },
  {
    id: "overview",
    title: "Overview, all time",
    kind: "overview",
    params: (b) => ({ as_of: b.asOfDay }),
    // Not a tile: the dashboard's tiles are the other reports.
    tile: null,
    figures(result) {
      const r = result as OverviewResult;
      const values: Record<string, number> = { people: r.totals.people, events: r.totals.events, untimed: r.totals.untimedEvents };
      for (const d of r.perDay) {
        values[`${d.day} events`] = d.events;
        values[`${d.day} people`] = d.people;
      }
      for (const e of r.topEvents) {
        values[`top ${e.name} events`] = e.events;
        values[`top ${e.name} people`] = e.people;
      }
      return { headline: `${fmt(r.totals.people)} people, ${fmt(r.totals.events)} events; top ${r.topEvents[0]?.name ?? "none"}`, values };
    },
  },
];

export type Comparison = { compared: number; mismatches: { key: string; app: number | null; duck: number | null }[] };

/** Every number either side has (one side without a key has none there: a mismatch unless the other's is 0). */
export function compareFigures(app: Figures, duck: Figures): Comparison {
  const keys = [...new Set([...Object.keys(app.values), ...Object.keys(duck.values)])].sort();
  const mismatches: Comparison["mismatches"] = [];
  for (const key of keys) {
    const a = app.values[key];
    const d = duck.values[key];
    const close = Math.abs((a ?? 0) - (d ?? 0)) <= 1e-9 * Math.max(1, Math.abs(a ?? 0));
    if (!close) mismatches.push({ key, app: a ?? null, duck: d ?? null });
  }
  return { compared: keys.length, mismatches };
}
