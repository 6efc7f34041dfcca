import { RANGE_PRESETS } from "@/lib/reports/overview/definition";
import type { ReportControlsProps } from "../registry";
import { ReportControls } from "../common/report-controls";

/** The overview's controls: the date-range presets of its definition, and property filters. */
export function OverviewControls({ vocabulary }: ReportControlsProps) {
  return <ReportControls presets={RANGE_PRESETS} vocabulary={vocabulary} />;
}
