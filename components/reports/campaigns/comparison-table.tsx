import type { CampaignComparison } from "@/lib/reports/campaigns/definition";
import { formatMoney, formatPercent, formatPValue } from "@/lib/format";
import { STICKY_FIRST_COLUMN } from "@/components/ui/sticky-column";

const WIDTH = 240;
const HEIGHT = 34;
const PAD = 14;

const isMoney = (c: CampaignComparison) => c.metric === "revenuePerMember";
const value = (c: CampaignComparison, v: number | null) => (v === null ? "—" : isMoney(c) ? formatMoney(v) : formatPercent(v));
/** A difference of rates in percentage points, of money in money. */
const difference = (c: CampaignComparison, v: number) => (isMoney(c) ? `${v >= 0 ? "+" : "−"}${formatMoney(Math.abs(v))}` : `${v >= 0 ? "+" : "−"}${(Math.abs(v) * 100).toFixed(1)} pp`);

/**
 * The difference and its 95% interval on an axis centred on zero, one scale per metric so that rows of a metric
 * line up: an interval that crosses the zero line is one the data cannot tell from no difference.
 */
function Interval({ c, extent }: { c: CampaignComparison; extent: number }) {
  if (!c.test) return <span className="text-xs text-slate-400">too few people to compare</span>;
  const x = (v: number) => PAD + ((v + extent) / (2 * extent)) * (WIDTH - 2 * PAD);
  const [lo, hi] = c.test.ci95;
  const colour = !c.test.significant ? "#64748b" : c.test.difference > 0 ? "#059669" : "#dc2626";
  return (
    <svg width={WIDTH} height={HEIGHT} role="img" aria-label={`Difference ${difference(c, c.test.difference)}, 95% interval ${difference(c, lo)} to ${difference(c, hi)}`}>
      <title>{`${difference(c, c.test.difference)} (95% CI ${difference(c, lo)} to ${difference(c, hi)})`}</title>
      <line x1={PAD} x2={WIDTH - PAD} y1={12} y2={12} stroke="#e2e8f0" />
      <line x1={x(0)} x2={x(0)} y1={3} y2={21} stroke="#94a3b8" strokeDasharray="3 2" />
      <line x1={x(Math.max(lo, -extent))} x2={x(Math.min(hi, extent))} y1={12} y2={12} stroke={colour} strokeWidth={3} strokeLinecap="round" />
      <circle cx={x(c.test.difference)} cy={12} r={4} fill={colour} />
      <text x={PAD} y={32} className="fill-slate-400 text-[10px]">{difference(c, -extent)}</text>
      <text x={x(0)} y={32} textAnchor="middle" className="fill-slate-400 text-[10px]">0</text>
      <text x={WIDTH - PAD} y={32} textAnchor="end" className="fill-slate-400 text-[10px]">{difference(c, extent)}</text>
    </svg>
  );
}

/** Each variant against its control, metric by metric: the values, the interval drawn, the lift and the test. */
export function ComparisonTable({ comparisons, bonferroni }: { comparisons: CampaignComparison[]; bonferroni: number | null }) {
  const extents = new Map<string, number>();
  for (const c of comparisons)
    if (c.test) extents.set(c.metric, Math.max(extents.get(c.metric) ?? 0, ...c.test.ci95.map(Math.abs)) || 1);
  const control = comparisons[0]?.against;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className={`w-full text-sm text-slate-700 ${STICKY_FIRST_COLUMN}`} data-testid="campaign-comparison">
          <caption className="sr-only">Variants compared with {control?.holdout ? "the holdout" : "the baseline"}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2 font-medium">Metric</th>
              <th className="px-3 py-2 font-medium">Variant</th>
              <th className="px-3 py-2 text-right font-medium">Variant</th>
              <th className="px-3 py-2 text-right font-medium">{control?.holdout ? "Holdout" : `Baseline ${control?.variant ?? ""}`}</th>
              <th className="px-3 py-2 font-medium">Difference, 95% interval</th>
              <th className="px-3 py-2 text-right font-medium">Lift</th>
              <th className="px-3 py-2 font-medium">Test</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {comparisons.map((c) => {
              const lift = c.test && "relativeLift" in c.test ? c.test.relativeLift : null;
              return (
                <tr key={`${c.variant}-${c.metric}`}>
                  <td className="px-3 py-2 whitespace-nowrap">{c.label}</td>
                  <td className="px-3 py-2">{c.variant ?? "All recipients"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{value(c, c.value)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{value(c, c.control)}</td>
                  <td className="px-3 py-1">
                    <Interval c={c} extent={extents.get(c.metric) ?? 1} />
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{lift === null ? "—" : `${lift >= 0 ? "+" : "−"}${formatPercent(Math.abs(lift))}`}</td>
                  <td className="px-3 py-2 text-xs whitespace-nowrap">
                    {c.test ? (
                      <>
                        <span className={c.test.significant ? "font-semibold text-slate-900" : "text-slate-600"}>p = {formatPValue(c.test.p)}</span>
                        {c.test.significant && <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-amber-800">p &lt; 0.05</span>}
                        <span className="block text-slate-500">
                          {c.test.test}
                          {"df" in c.test ? `, df ${c.test.df.toFixed(1)}` : ""}
                        </span>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {bonferroni !== null && (
        <p className="text-xs text-slate-500">
          Several comparisons are made at once, so some may pass p &lt; 0.05 by chance; a result that survives Bonferroni&apos;s correction has p &lt;{" "}
          {formatPValue(bonferroni)}.
        </p>
      )}
    </div>
  );
}
