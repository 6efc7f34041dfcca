import type { ReportQuery } from "@/lib/reports/definition";
import { formatNumber } from "@/lib/format";

/** Every report ends with its definition in words and the SQL that produced its numbers, with durations. */
export function HowComputed({ definition, queries, computedAt, cached }: { definition: string[]; queries: ReportQuery[]; computedAt?: string; cached?: boolean }) {
  return (
    <details className="card group mt-6 px-5 py-4" data-testid="how-computed">
      <summary className="cursor-pointer text-sm font-medium text-slate-700 select-none">How it is computed</summary>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-600">
        {definition.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {cached && computedAt && (
        <p className="mt-3 text-xs text-slate-500">
          Served from the result cache: computed at {computedAt.slice(0, 19).replace("T", " ")} UTC on the same data (the cache is dropped whenever the
          project&apos;s data changes). The statements below are those that ran then.
        </p>
      )}
      {queries.map((q) => (
        <div key={q.label} className="mt-4">
          <p className="text-xs font-medium text-slate-500">
            {q.label} — ran in {formatNumber(q.ms)} ms
          </p>
          <pre className="mt-1 max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{q.sql}</pre>
        </div>
      ))}
    </details>
  );
}
