import { funnelDefinition, type FunnelResult } from "@/lib/reports/funnel/definition";
import type { ReportViews } from "../registry";
import { FunnelControls } from "./funnel-controls";
import { FunnelTile } from "./funnel-tile";
import { FunnelView } from "./funnel-view";

export const funnelViews: ReportViews<FunnelResult> = {
  label: funnelDefinition.title,
  icon: "▽",
  covers: (r) => (r.steps.length ? `${r.steps.map((s) => s.event).join(" → ")} · entering ${r.fromDay} to ${r.toDay}` : `${r.fromDay} to ${r.toDay}`),
  View: FunnelView,
  Controls: FunnelControls,
  Tile: FunnelTile,
};
