import { activityDefinition, type ActivityResult } from "@/lib/reports/activity/definition";
import type { ReportViews } from "../registry";
import { ActivityControls } from "./activity-controls";
import { ActivityTile } from "./activity-tile";
import { ActivityView } from "./activity-view";

export const activityViews: ReportViews<ActivityResult> = {
  label: activityDefinition.title,
  icon: "∿",
  covers: (r) => `${r.fromDay} to ${r.toDay}`,
  View: ActivityView,
  Controls: ActivityControls,
  Tile: ActivityTile,
};
