"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

/** Date range presets and property filters; every change is a new URL, so every view can be shared. */
export function ReportControls({ presets }: { presets: readonly { label: string; from: string | undefined }[] }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const router = useRouter();
  const [draft, setDraft] = useState("");

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
      {filters.map((f, i) => (
        <span key={`${f}-${i}`} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pr-1 pl-3 text-xs font-medium text-brand-700">
          <code>{f}</code>
          <Link
            aria-label={`Remove filter ${f}`}
            href={withParams((p) => {
              p.delete("where");
              filters.filter((_, j) => j !== i).forEach((w) => p.append("where", w));
            })}
            className="rounded-full px-1.5 hover:bg-brand-100"
          >
            ×
          </Link>
        </span>
      ))}
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.trim()) return;
          router.push(withParams((p) => p.append("where", draft.trim())));
          setDraft("");
        }}
      >
        <input
          aria-label="Add a filter"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder='Filter, e.g. person.plan = Annual'
          className="input w-64 py-1.5"
        />
        <button type="submit" className="btn-secondary">
          Add filter
        </button>
      </form>
    </div>
  );
}
