"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ACTIVITY_RANGE_PRESETS } from "@/lib/reports/activity/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { ReportControls } from "../common/report-controls";

/** The range presets and filters, and a breakdown by a person or an event property. */
export function ActivityControls({ vocabulary }: ReportControlsProps) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const choose = (value: string) => {
    const next = new URLSearchParams(search.toString());
    if (value) next.set("breakdown", value);
    else next.delete("breakdown");
    router.push(`${pathname}?${next}`);
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <ReportControls presets={ACTIVITY_RANGE_PRESETS} />
      <label className="flex items-center gap-2 text-sm text-slate-600">
        Break down by
        <select className="input w-56 py-1.5" aria-label="Breakdown" value={search.get("breakdown") ?? ""} onChange={(e) => choose(e.target.value)}>
          <option value="">Nothing</option>
          {knownProperties(vocabulary, "person").map((p) => (
            <option key={`person.${p}`} value={`person.${p}`}>
              Person: {p}
            </option>
          ))}
          {knownProperties(vocabulary, "event").map((p) => (
            <option key={p} value={p}>
              Event: {p}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
