import type { RevenueComparison } from "@/lib/reports/revenue/definition";
import { formatMoney, formatNumber, formatPValue } from "@/lib/format";

const signed = (v: number) => `${v >= 0 ? "+" : "−"}${formatMoney(Math.abs(v))}`;

/** Revenue per person of each value against the baseline value, by Welch's t-test. */
export function RevenueComparisonTable({ comparisons, breakdown }: { comparisons: RevenueComparison[]; breakdown: string }) {
  if (!comparisons.length) return <p className="text-sm text-slate-500">Nothing to compare: fewer than two values of {breakdown} among the people who signed up in the range.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm text-slate-700" data-testid="revenue-comparison">
        <caption className="sr-only">Revenue per person compared with {comparisons[0]!.baseline}</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">{breakdown}</th>
            <th className="px-3 py-2 text-right font-medium">People</th>
            <th className="px-3 py-2 text-right font-medium">Revenue / person</th>
            <th className="px-3 py-2 text-right font-medium">{comparisons[0]!.baseline} (baseline)</th>
            <th className="px-3 py-2 text-right font-medium">Difference, 95% interval</th>
            <th className="px-3 py-2 font-medium">Test</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {comparisons.map((c) => (
            <tr key={c.value}>
              <td className="px-3 py-2">{c.value}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatNumber(c.n)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatMoney(c.mean)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatMoney(c.baselineMean)}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {c.test ? `${signed(c.test.difference)} (${signed(c.test.ci95[0])} to ${signed(c.test.ci95[1])})` : "—"}
              </td>
              <td className="px-3 py-2 text-xs">
                {c.test ? (
                  <>
                    <span className={c.test.significant ? "font-semibold text-slate-900" : "text-slate-600"}>p = {formatPValue(c.test.p)}</span>
                    {c.test.significant && <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-amber-800">p &lt; 0.05</span>}
                    <span className="block text-slate-500">Welch&apos;s t-test, df {c.test.df.toFixed(1)}</span>
                  </>
                ) : (
                  "too few people to compare"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
