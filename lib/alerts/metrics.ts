import "server-only";
import type { Actor } from "@/lib/data/actor";
import { runReport } from "@/lib/data/reports";
import type { ActivityResult } from "@/lib/reports/activity/definition";
import type { CampaignsResult } from "@/lib/reports/campaigns/definition";
import type { FunnelResult } from "@/lib/reports/funnel/definition";
import type { RawParams } from "@/lib/reports/params";
import type { RevenueResult } from "@/lib/reports/revenue/definition";
import type { MetricPoint } from "./evaluate";

/**
 * The metrics a rule can watch, each read from its report (so that an alert's number is the one the report shows):
 * its series, oldest first, and the report view a firing links to.
 */
export const ALERT_METRICS = {
  dau: { label: "Daily active people", report: "activity", unit: "people" },
  revenue: { label: "Revenue per month", report: "revenue", unit: "money" },
  campaign_ctr: { label: "Campaign CTR", report: "campaigns", unit: "rate" },
  funnel_conversion: { label: "Funnel conversion by week of entering", report: "funnel", unit: "rate" },
} as const;
export type AlertMetric = keyof typeof ALERT_METRICS;

export async function metricSeries(actor: Actor, slug: string, metric: AlertMetric, params: RawParams): Promise<MetricPoint[]> {
  if (metric === "dau") {
    const r = (await runReport(actor, slug, "activity", params)).result as ActivityResult;
    return r.groups.find((g) => g.value === null)!.days.map((d) => ({ point: d.day, value: d.dau, complete: !d.partial }));
  }
  if (metric === "revenue") {
    const r = (await runReport(actor, slug, "revenue", params)).result as RevenueResult;
    return r.months.filter((m) => m.value === null).map((m) => ({ point: m.month, value: m.revenue, complete: m.complete }));
  }
  if (metric === "funnel_conversion") {
    // Weeks in which nobody entered have no rate; a week is complete once its last entrant's window has closed.
    const r = (await runReport(actor, slug, "funnel", params)).result as FunnelResult;
    return (r.groups[0]?.trend ?? []).filter((t) => t.rate !== null).map((t) => ({ point: t.period, value: t.rate!, complete: t.complete }));
  }
  const r = (await runReport(actor, slug, "campaigns", params)).result as CampaignsResult;
  return [...r.campaigns].reverse().map((c) => ({ point: c.campaign, value: c.ctr, complete: c.windowComplete }));
}
