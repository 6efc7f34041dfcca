import { RANGE_PRESETS } from "@/lib/reports/overview/definition";
import { ReportControls } from "../common/report-controls";

/** The overview's controls: the date-range presets of its definition, and property filters. */
export function OverviewControls() {
  return <ReportControls presets={RANGE_PRESETS} />;
}
