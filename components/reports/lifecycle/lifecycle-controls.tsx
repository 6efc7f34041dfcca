"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { LIFECYCLE_DEFAULTS } from "@/lib/reports/lifecycle/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { ReportControls } from "../common/report-controls";

const PERIODS = [
  { value: "day", label: "Days", presets: [{ label: "14 days", from: "-13d" }, { label: "30 days", from: "-29d" }, { label: "90 days", from: "-89d" }] },
  { value: "week", label: "Weeks", presets: [{ label: "12 weeks", from: undefined }, { label: "26 weeks", from: "-181d" }, { label: "52 weeks", from: "-363d" }] },
  { value: "month", label: "Months", presets: [{ label: "12 months", from: undefined }, { label: "24 months", from: "-729d" }] },
] as const;

/** The period, its range presets and filters, and a breakdown by a person property. */
export function LifecycleControls({ vocabulary }: ReportControlsProps) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const period = PERIODS.find((p) => p.value === search.get("period")) ?? PERIODS.find((p) => p.value === LIFECYCLE_DEFAULTS.period)!;
  const change = (name: string, value: string, clear: string[] = []) => {
    const next = new URLSearchParams(search.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    for (const c of clear) next.delete(c);
    router.push(`${pathname}?${next}`);
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <select className="input w-32 py-1.5" aria-label="Period" value={period.value} onChange={(e) => change("period", e.target.value, ["from", "to"])}>
        {PERIODS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
      </select>
      <ReportControls presets={period.presets} />
      <label className="flex items-center gap-2 text-sm text-slate-600">
        Break down by
        <select className="input w-48 py-1.5" aria-label="Breakdown" value={search.get("breakdown")?.replace(/^person\./, "") ?? ""} onChange={(e) => change("breakdown", e.target.value)}>
          <option value="">Nothing</option>
          {knownProperties(vocabulary, "person").map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
