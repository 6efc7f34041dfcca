"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { REVENUE_DEFAULTS } from "@/lib/reports/revenue/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { ReportControls } from "../common/report-controls";

const PRESETS = [
  { label: "12 months", from: undefined },
  { label: "6 months", from: "-182d" },
  { label: "24 months", from: "-729d" },
] as const;

/** The range presets and filters, and the person property revenue is split by (the acquisition source by default). */
export function RevenueControls({ vocabulary }: ReportControlsProps) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const choose = (value: string) => {
    const next = new URLSearchParams(search.toString());
    next.set("breakdown", value);
    next.delete("baseline");
    router.push(`${pathname}?${next}`);
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <ReportControls presets={PRESETS} />
      <label className="flex items-center gap-2 text-sm text-slate-600">
        Split by
        <select className="input w-48 py-1.5" aria-label="Breakdown" value={(search.get("breakdown") ?? REVENUE_DEFAULTS.breakdown).replace(/^person\./, "")} onChange={(e) => choose(e.target.value)}>
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
