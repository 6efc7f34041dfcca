import { retentionDefinition, type RetentionResult } from "@/lib/reports/retention/definition";
import { cohortLabel } from "@/lib/reports/periods";
import type { ReportViews } from "../registry";
import { RetentionControls } from "./retention-controls";
import { RetentionTile } from "./retention-tile";
import { RetentionView } from "./retention-view";

export const retentionViews: ReportViews<RetentionResult> = {
  label: retentionDefinition.title,
  icon: "▦",
  covers: (r) => `Cohorts ${cohortLabel(r.period, r.fromDay)} to ${cohortLabel(r.period, r.toDay)}`,
  View: RetentionView,
  Controls: RetentionControls,
  Tile: RetentionTile,
};
