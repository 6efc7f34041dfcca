import { stagesDefinition, type StagesResult } from "@/lib/reports/stages/definition";
import type { ReportViews } from "../registry";
import { StagesControls } from "./stages-controls";
import { StagesTile } from "./stages-tile";
import { StagesView } from "./stages-view";

export const stagesViews: ReportViews<StagesResult> = {
  label: stagesDefinition.title,
  icon: "⇶",
  covers: (r) => `First purchases ${r.fromDay} to ${r.toDay}`,
  View: StagesView,
  Controls: StagesControls,
  Tile: StagesTile,
};
