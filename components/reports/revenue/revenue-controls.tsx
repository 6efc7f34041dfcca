"use client";

import { useSearchParams } from "next/navigation";
import { REVENUE_DEFAULTS } from "@/lib/reports/revenue/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { ReportControls } from "../common/report-controls";
import { UrlSelect } from "../common/url-select";

const PRESETS = [
  { label: "12 months", from: undefined },
  { label: "6 months", from: "-182d" },
  { label: "24 months", from: "-729d" },
] as const;

/** The range presets and filters, and the person property revenue is split by (the acquisition source by default). */
export function RevenueControls({ vocabulary }: ReportControlsProps) {
  const search = useSearchParams();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <ReportControls presets={PRESETS} vocabulary={vocabulary} />
      <UrlSelect
        name="breakdown"
        label="Split by"
        ariaLabel="Breakdown"
        value={(search.get("breakdown") ?? REVENUE_DEFAULTS.breakdown).replace(/^person\./, "")}
        options={knownProperties(vocabulary, "person").map((p) => ({ value: p, label: p }))}
        clears={["baseline"]}
      />
    </div>
  );
}
