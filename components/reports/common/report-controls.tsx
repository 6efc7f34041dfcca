"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { PropertyNames } from "@/lib/reports/vocabulary";
import { FilterEditor } from "./filter-editor";

/** Date range presets and property filters; every change is a new URL, so every view can be shared. */
export function ReportControls({ presets, vocabulary }: { presets: readonly { label: string; from: string | undefined }[]; vocabulary: PropertyNames }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const router = useRouter();

  const withParams = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(search.toString());
    change(next);
    const qs = next.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  };

  const from = search.get("from") ?? undefined;
  const custom = !!search.get("to") || (from !== undefined && !presets.some((p) => p.from === from));
  const filters = search.getAll("where");

  return (
    <div className="flex flex-wrap items-center gap-3">
      <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm shadow-xs" role="group" aria-label="Date range">
        {presets.map((preset) => {
          const active = !custom && preset.from === from;
          return (
            <Link
              key={preset.label}
              href={withParams((p) => {
                p.delete("to");
                if (preset.from) p.set("from", preset.from);
                else p.delete("from");
              })}
              aria-pressed={active}
              className={`rounded px-2.5 py-1 ${active ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {preset.label}
            </Link>
          );
        })}
      </div>
      <div className="basis-full">
        {/* Each change is a new URL at once: these reports have no Apply button. */}
        <FilterEditor
          label="Filters"
          parameter="where"
          filters={filters}
          vocabulary={vocabulary}
          onChange={(next) =>
            router.push(
              withParams((p) => {
                p.delete("where");
                next.forEach((w) => p.append("where", w));
              }),
            )
          }
        />
      </div>
    </div>
  );
}
