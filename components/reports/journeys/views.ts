import { journeysDefinition, type JourneysResult } from "@/lib/reports/journeys/definition";
import type { ReportViews } from "../registry";
import { JourneysControls } from "./journeys-controls";
import { JourneysTile } from "./journeys-tile";
import { JourneysView } from "./journeys-view";

export const journeysViews: ReportViews<JourneysResult> = {
  label: journeysDefinition.title,
  icon: "⇢",
  covers: (r) => `${r.source}, one journey per ${r.unit}${r.segment ? `, by ${r.segment}` : ""}`,
  View: JourneysView,
  Controls: JourneysControls,
  Tile: JourneysTile,
};
