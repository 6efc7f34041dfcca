import type { ComponentType } from "react";
import type { ReportOutput } from "@/lib/reports/definition";
import type { RawParams } from "@/lib/reports/params";
import type { ReportKind, ReportResults } from "@/lib/reports/registry";
import type { Vocabulary } from "@/lib/reports/vocabulary";
import { activityViews } from "./activity/views";
import { campaignsViews } from "./campaigns/views";
import { funnelViews } from "./funnel/views";
import { journeysViews } from "./journeys/views";
import { lifecycleViews } from "./lifecycle/views";
import { overviewViews } from "./overview/views";
import { retentionViews } from "./retention/views";
import { stagesViews } from "./stages/views";
import { revenueViews } from "./revenue/views";

export type ReportProjectView = { slug: string; name: string; timezone: string };
/** What the viewer may do beyond reading, for the parts of a view that change something. */
export type ReportViewer = { editsDefinitions: boolean };
export type ReportViewProps<R> = { project: ReportProjectView; output: ReportOutput<R>; vocabulary: Vocabulary; viewer: ReportViewer };
export type ReportControlsProps = { params: RawParams; vocabulary: Vocabulary };
export type ReportTileProps<R> = { project: ReportProjectView; output: ReportOutput<R> };

/** How a report is drawn: its page body, its parameter form, its compact dashboard tile, and its navigation entry. */
export type ReportViews<R extends { asOf: string }> = {
  label: string;
  icon: string;
  /** What the numbers cover, under the title: "Cohorts Jan 2026 to Jun 2026". */
  covers(result: R): string;
  View: ComponentType<ReportViewProps<R>>;
  Controls: ComponentType<ReportControlsProps>;
  Tile: ComponentType<ReportTileProps<R>>;
};

/**
 * Every report's views, one line each, in navigation order; client-safe. The server half of each kind (its SQL) is
 * in lib/reports/registry.ts, and the types keep the two lists to the same kinds.
 */
export const REPORT_VIEWS: { [K in ReportKind]: ReportViews<ReportResults[K]> } = {
  overview: overviewViews,
  retention: retentionViews,
  activity: activityViews,
  lifecycle: lifecycleViews,
  funnel: funnelViews,
  journeys: journeysViews,
  stages: stagesViews,
  campaigns: campaignsViews,
  revenue: revenueViews,
};

/** The views of a kind, or undefined for a name that is no report (looked up as an own key: `constructor` is none). */
export function reportViews(kind: string): ReportViews<{ asOf: string }> | undefined {
  return Object.hasOwn(REPORT_VIEWS, kind) ? (REPORT_VIEWS[kind as ReportKind] as unknown as ReportViews<{ asOf: string }>) : undefined;
}

/** The navigation entries of a project's reports. */
export const reportNavigation = () => Object.entries(REPORT_VIEWS).map(([kind, views]) => ({ kind, label: views.label, icon: views.icon }));
