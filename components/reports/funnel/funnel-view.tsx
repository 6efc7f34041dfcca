import Link from "next/link";
import { RateLineChart } from "@/components/charts/rate-line-chart";
import type { FunnelResult } from "@/lib/reports/funnel/definition";
import { formatDuration, formatNumber, formatPercent, formatPValue } from "@/lib/format";
import { searchParamsFromRaw, type RawParams } from "@/lib/reports/params";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { FunnelExplorer } from "./funnel-explorer";
import { TimeHistogram } from "./time-histogram";

const signed = (v: number) => `${v >= 0 ? "+" : "−"}${formatPercent(Math.abs(v))}`;

/** Without steps: the events most people did, each a click away from a funnel that starts with it. */
function ChooseSteps({ slug, result, params }: { slug: string; result: FunnelResult; params: RawParams }) {
  const top = result.suggestedSteps;
  const start = (events: string[]) => `/p/${slug}/funnel?${searchParamsFromRaw({ ...params, step: events })}`;
  return (
    <section className="card space-y-3 p-6" data-testid="funnel-start">
      <h2 className="text-base font-semibold text-slate-900">Choose at least two steps</h2>
      {result.suggestions.length === 0 ? (
        <p className="text-sm text-slate-600">This project has no events in the range yet.</p>
      ) : (
        <>
          <p className="text-sm text-slate-600">
            Add steps in the form above, or start from the events most people did from {result.fromDay} to {result.toDay}:
          </p>
          <ul className="flex flex-wrap gap-2">
            {result.suggestions.map((s) => (
              <li key={s.event} className="rounded-full bg-slate-100 px-3 py-1 text-xs text-slate-700">
                {s.event} <span className="text-slate-500">· {formatNumber(s.people)} people</span>
              </li>
            ))}
          </ul>
          {top.length >= 2 && (
            <Link href={start(top)} className="btn-primary inline-block">
              Try {top.join(" → ")}
            </Link>
          )}
        </>
      )}
    </section>
  );
}

/** The funnel: headline numbers, the chart and steps with their people, times, the trend and the breakdown's tests. */
export function FunnelView({ project, output }: ReportViewProps<FunnelResult>) {
  const r = output.result;
  if (!r.steps.length) return <ChooseSteps slug={project.slug} result={r} params={output.params} />;
  const everyone = r.groups[0]!;
  const first = everyone.steps[0]!;
  const last = everyone.steps.at(-1)!;
  const values = r.groups.filter((g) => g.value !== null);
  const trendGroups = values.length ? values : [everyone];
  return (
    <>
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Headline">
        <StatCard label="Entered" value={formatNumber(first.people)} hint={`did ${r.steps[0]!.label}${r.untimedEntries ? ` (${formatNumber(r.untimedEntries)} without a clock)` : ""}`} testId="stat-entered" />
        <StatCard label="Converted" value={formatNumber(last.people)} hint={`reached ${r.steps.at(-1)!.label} within ${r.window}`} testId="stat-converted" />
        <StatCard label="Conversion" value={last.overallConversion === null ? "—" : formatPercent(last.overallConversion)} hint={`${r.order} order`} testId="stat-conversion" />
        <StatCard
          label="Median time to convert"
          value={everyone.timeToConvert ? formatDuration(everyone.timeToConvert.median) : "—"}
          hint={
            everyone.timeToConvert
              ? `p25 ${formatDuration(everyone.timeToConvert.p25)} · p75 ${formatDuration(everyone.timeToConvert.p75)}`
              : last.people === 0
                ? "nobody converted"
                : "no times (events without a clock)"
          }
          testId="stat-time"
        />
      </section>
      <FunnelExplorer slug={project.slug} result={r} params={output.params} />
      {r.comparisons.length > 0 && (
        <section className="card p-5" data-testid="funnel-significance">
          <h2 className="text-sm font-semibold text-slate-700">Do the values of {r.breakdown} differ?</h2>
          <p className="mb-3 text-xs text-slate-500">
            For each step: reaching it out of step 1, across values (chi-square test of independence){values.length === 2 ? `; ${values[1]!.value} against ${values[0]!.value} (pooled two-proportion z-test, 95% interval of the difference)` : ""}. Significant when p &lt; 0.05.
          </p>
          <table className="min-w-full text-sm">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">Step</th>
                <th className="py-1 pr-4 font-medium">χ² (df)</th>
                <th className="py-1 pr-4 font-medium">p</th>
                {values.length === 2 && <th className="py-1 pr-4 font-medium">Difference [95% interval]</th>}
                {values.length === 2 && <th className="py-1 pr-4 font-medium">z</th>}
                <th className="py-1 font-medium" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {r.comparisons.map((c) => {
                const significant = c.independence?.significant ?? false;
                return (
                  <tr key={c.step} data-testid="comparison-row">
                    <td className="py-1.5 pr-4">
                      {c.step}. {r.steps[c.step - 1]!.label}
                    </td>
                    <td className="py-1.5 pr-4 tabular-nums">{c.independence ? `${c.independence.statistic.toFixed(2)} (${c.independence.df})` : "—"}</td>
                    <td className="py-1.5 pr-4 tabular-nums">{c.independence ? formatPValue(c.independence.p) : "—"}</td>
                    {values.length === 2 && (
                      <td className="py-1.5 pr-4 tabular-nums">
                        {c.twoGroups ? `${signed(c.twoGroups.difference)} [${signed(c.twoGroups.ci95[0])}, ${signed(c.twoGroups.ci95[1])}]` : "—"}
                      </td>
                    )}
                    {values.length === 2 && <td className="py-1.5 pr-4 tabular-nums">{c.twoGroups ? c.twoGroups.z.toFixed(2) : "—"}</td>}
                    <td className="py-1.5">
                      {significant ? (
                        <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">significant</span>
                      ) : (
                        <span className="text-xs text-slate-400">not significant</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <div className="grid gap-6 xl:grid-cols-2">
        <section className="card p-5">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">Time to convert{values.length ? " (everyone)" : ""}</h2>
          <TimeHistogram result={r} group={everyone} />
        </section>
        <section className="card p-5">
          <h2 className="text-sm font-semibold text-slate-700">Conversion by {r.trendGrain} of entering</h2>
          <p className="mb-3 text-xs text-slate-500">People who entered in the last {r.window} before as_of may still convert: the latest points can rise.</p>
          <RateLineChart
            xLabel={`${r.trendGrain} of entering`}
            title="Conversion trend"
            height={280}
            emptyMessage="No entries with a clock in this range: page journeys have no dates to trend over."
            series={trendGroups.map((g) => ({ id: g.value ?? "Everyone", points: g.trend.map((t) => ({ x: t.period, y: t.rate })) }))}
            partialFrom={trendGroups[0]?.trend.find((t) => !t.complete)?.period}
          />
        </section>
      </div>
    </>
  );
}
