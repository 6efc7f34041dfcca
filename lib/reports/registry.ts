import "server-only";
import { activityReport } from "./activity/report";
import { campaignsReport } from "./campaigns/report";
import { funnelReport } from "./funnel/report";
import { journeysReport } from "./journeys/report";
import { lifecycleReport } from "./lifecycle/report";
import { overviewReport } from "./overview/report";
import { retentionReport } from "./retention/report";
import { stagesReport } from "./stages/report";
import { revenueReport } from "./revenue/report";
import type { ResultOf } from "./server-report";

/** Every report: one line each. The client-safe views of the same kinds are in components/reports/registry.ts. */
export const REPORTS = {
  overview: overviewReport,
  retention: retentionReport,
  activity: activityReport,
  lifecycle: lifecycleReport,
  funnel: funnelReport,
  journeys: journeysReport,
  stages: stagesReport,
  campaigns: campaignsReport,
  revenue: revenueReport,
};

export type ReportKind = keyof typeof REPORTS;
export type ReportResults = { [K in ReportKind]: ResultOf<(typeof REPORTS)[K]> };

export function isReportKind(kind: string): kind is ReportKind {
  return Object.hasOwn(REPORTS, kind);
}
