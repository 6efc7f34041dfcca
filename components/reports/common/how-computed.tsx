import type { ReportQuery } from "@/lib/reports/definition";

/** Every report ends with its definition in words and the SQL that produced its numbers, with durations. */
export function HowComputed({ definition, queries }: { definition: string[]; queries: ReportQuery[] }) {
  return (
    <details className="card group mt-6 px-5 py-4" data-testid="how-computed">
      <summary className="cursor-pointer text-sm font-medium text-slate-700 select-none">How it is computed</summary>
      <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-slate-600">
        {definition.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {queries.map((q) => (
        <div key={q.label} className="mt-4">
          <p className="text-xs font-medium text-slate-500">
            {q.label} — ran in {q.ms.toLocaleString("en-US")} ms
          </p>
          <pre className="mt-1 max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{q.sql}</pre>
        </div>
      ))}
    </details>
  );
}
