"use client";

import { useSearchParams } from "next/navigation";
import { ACTIVITY_RANGE_PRESETS } from "@/lib/reports/activity/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { personPropertyOptions } from "../common/form-fields";
import { ReportControls } from "../common/report-controls";
import { UrlSelect } from "../common/url-select";

/** The range presets and filters, and a breakdown by a person or an event property. */
export function ActivityControls({ vocabulary }: ReportControlsProps) {
  const search = useSearchParams();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <ReportControls presets={ACTIVITY_RANGE_PRESETS} vocabulary={vocabulary} />
      <UrlSelect
        name="breakdown"
        label="Break down by"
        ariaLabel="Breakdown"
       
        value={search.get("breakdown") ?? ""}
        options={[
          { value: "", label: "Nothing" },
          ...personPropertyOptions(vocabulary),
          ...knownProperties(vocabulary, "event").map((p) => ({ value: p, label: `Event: ${p}` })),
        ]}
      />
    </div>
  );
}
