import { formatNumber } from "@/lib/format";

/**
 * A figure against the same figure in the period before: the relative change and the figure then. `then` says when,
 * after the figure: "in the 30 days before", "90 days earlier".
 */
export type Change = { current: number; previous: number; then: string };

function ChangeLine({ change }: { change: Change }) {
  const { current, previous, then } = change;
  if (previous === 0) return <p className="mt-1 text-xs text-slate-500">none {then}</p>;
  const ratio = current / previous - 1;
  const tone = ratio > 0 ? "text-emerald-700" : ratio < 0 ? "text-red-700" : "text-slate-500";
  const arrow = ratio > 0 ? "▲" : ratio < 0 ? "▼" : "=";
  return (
    <p className="mt-1 text-xs text-slate-500" data-testid="stat-change">
      <span className={`font-medium ${tone}`}>
        {arrow} {ratio > 0 ? "+" : ""}
        {(ratio * 100).toFixed(1)}%
      </span>{" "}
      vs {formatNumber(previous)} {then}
    </p>
  );
}

export function StatCard({ label, value, hint, testId, change }: { label: string; value: string; hint?: string; testId?: string; change?: Change }) {
  return (
    <div className="card px-5 py-4">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </p>
      {change && <ChangeLine change={change} />}
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}
