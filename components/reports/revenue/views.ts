import { revenueDefinition, type RevenueResult } from "@/lib/reports/revenue/definition";
import { cohortLabel } from "@/lib/reports/periods";
import type { ReportViews } from "../registry";
import { RevenueControls } from "./revenue-controls";
import { RevenueTile } from "./revenue-tile";
import { RevenueView } from "./revenue-view";

export const revenueViews: ReportViews<RevenueResult> = {
  label: revenueDefinition.title,
  icon: "$",
  covers: (r) => `${cohortLabel("month", r.fromMonth)} to ${cohortLabel("month", r.toMonth)}`,
  View: RevenueView,
  Controls: RevenueControls,
  Tile: RevenueTile,
};
