import Link from "next/link";
import type { ReportUnavailable as Unavailable } from "@/lib/reports/definition";

/**
 * In place of a report's numbers when the project's data cannot give them (all empty cohorts would say nothing): why,
 * the report that reads this data instead (a link to it; `slug` null where no other report is reachable, as under a
 * share link), and what would make this one possible. Pages and dashboard tiles show the same words.
 */
export function ReportUnavailable({ unavailable, slug, compact = false }: { unavailable: Unavailable; slug: string | null; compact?: boolean }) {
  const instead = slug ? (
    <Link href={`/p/${slug}/${unavailable.instead}`} className="font-medium text-brand-700 underline hover:text-brand-800">
      {unavailable.insteadTitle}
    </Link>
  ) : (
    unavailable.insteadTitle
  );
  return (
    <div role="status" data-testid="report-unavailable" className={compact ? "text-sm text-slate-600" : "card border-slate-200 bg-slate-50 px-6 py-5"}>
      <p className={compact ? "" : "font-medium text-slate-800"}>
        {unavailable.reason}; see {instead}.
      </p>
      <p className={compact ? "mt-1 text-xs text-slate-500" : "mt-1 text-sm text-slate-600"}>{unavailable.remedy}</p>
    </div>
  );
}
