import type { RetentionResult } from "@/lib/reports/retention/definition";
import { searchParamsFromRaw } from "@/lib/reports/params";
import { periodLabel } from "@/lib/reports/periods";
import { formatNumber, formatPercent } from "@/lib/format";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { RetentionExplorer } from "./retention-explorer";
import { averageBase } from "./average-base";

/** The retention page's body: headline figures, then the heatmap, curves, trend, table and reactivation. */
export function RetentionView({ project, output }: ReportViewProps<RetentionResult>) {
  const { result } = output;
  const reportQuery = searchParamsFromRaw(output.params).toString();
  const everyone = result.groups.find((g) => g.value === null);
  const p1 = everyone?.average[1] ?? null;
  const last = everyone?.average.findLastIndex((v) => v !== null) ?? -1;

  return (
    <>
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Totals">
        <StatCard label="People in cohorts" value={formatNumber(everyone?.size ?? 0)} testId="stat-cohort-people" />
        <StatCard label="Cohorts" value={formatNumber(everyone?.cohorts.length ?? 0)} />
        <StatCard label={`${periodLabel(result.period, 1)} retention`} value={p1 === null ? "—" : formatPercent(p1)} hint={averageBase(everyone, 1)} testId="stat-period-1" />
        <StatCard
          label={last > 0 ? `${periodLabel(result.period, last)} retention` : "Longest complete period"}
          value={last > 0 && everyone?.average[last] != null ? formatPercent(everyone.average[last]!) : "—"}
          hint={last > 0 ? averageBase(everyone, last) : "no complete period yet"}
        />
      </section>
      <RetentionExplorer slug={project.slug} reportQuery={reportQuery} result={result} />
    </>
  );
}
