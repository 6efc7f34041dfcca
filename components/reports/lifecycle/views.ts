import { lifecycleDefinition, type LifecycleResult } from "@/lib/reports/lifecycle/definition";
import { cohortLabel } from "@/lib/reports/periods";
import type { ReportViews } from "../registry";
import { LifecycleControls } from "./lifecycle-controls";
import { LifecycleTile } from "./lifecycle-tile";
import { LifecycleView } from "./lifecycle-view";

export const lifecycleViews: ReportViews<LifecycleResult> = {
  label: lifecycleDefinition.title,
  icon: "▥",
  covers: (r) => `${cohortLabel(r.period, r.fromPeriod)} to ${cohortLabel(r.period, r.toPeriod)}`,
  View: LifecycleView,
  Controls: LifecycleControls,
  Tile: LifecycleTile,
};
