"use client";

import { useSearchParams } from "next/navigation";
import { LIFECYCLE_DEFAULTS } from "@/lib/reports/lifecycle/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { ReportControls } from "../common/report-controls";
import { UrlSelect } from "../common/url-select";

const PERIODS = [
  { value: "day", label: "Days", presets: [{ label: "14 days", from: "-13d" }, { label: "30 days", from: "-29d" }, { label: "90 days", from: "-89d" }] },
  { value: "week", label: "Weeks", presets: [{ label: "12 weeks", from: undefined }, { label: "26 weeks", from: "-181d" }, { label: "52 weeks", from: "-363d" }] },
  { value: "month", label: "Months", presets: [{ label: "12 months", from: undefined }, { label: "24 months", from: "-729d" }] },
] as const;

/** The period, its range presets and filters, and a breakdown by a person property. */
export function LifecycleControls({ vocabulary }: ReportControlsProps) {
  const search = useSearchParams();
  const period = PERIODS.find((p) => p.value === search.get("period")) ?? PERIODS.find((p) => p.value === LIFECYCLE_DEFAULTS.period)!;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <UrlSelect name="period" ariaLabel="Period" value={period.value} options={PERIODS} clears={["from", "to"]} />
      <ReportControls presets={period.presets} vocabulary={vocabulary} />
      <UrlSelect
        name="breakdown"
        label="Break down by"
        ariaLabel="Breakdown"
        value={search.get("breakdown")?.replace(/^person\./, "") ?? ""}
        options={[{ value: "", label: "Nothing" }, ...knownProperties(vocabulary, "person").map((p) => ({ value: p, label: p }))]}
      />
    </div>
  );
}
