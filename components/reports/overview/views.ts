import { overviewDefinition, type OverviewResult } from "@/lib/reports/overview/definition";
import type { ReportViews } from "../registry";
import { OverviewControls } from "./overview-controls";
import { OverviewTile } from "./overview-tile";
import { OverviewView } from "./overview-view";

export const overviewViews: ReportViews<OverviewResult> = {
  label: overviewDefinition.title,
  icon: "◧",
  covers: (r) => (r.fromDay ? `${r.fromDay} to ${r.toDay}` : `all time to ${r.toDay}`),
  View: OverviewView,
  Controls: OverviewControls,
  Tile: OverviewTile,
};
