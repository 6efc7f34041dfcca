import type { ReportOutput } from "@/lib/reports/definition";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { searchParamsFromRaw } from "@/lib/reports/params";
import { formatNumber } from "@/lib/format";
import { HowComputed } from "../common/how-computed";
import { ReportHeader } from "../common/report-header";
import { StatCard } from "../common/stat-card";
import { RetentionControls } from "./retention-controls";
import { RetentionExplorer } from "./retention-explorer";
import { cohortLabel, periodLabel } from "@/lib/reports/retention/labels";
import { formatPercent } from "@/lib/format";

type Props = {
  project: { slug: string; name: string; timezone: string };
  output: ReportOutput<RetentionResult>;
  vocabulary: { events: string[]; personProperties: string[] };
};

export function RetentionView({ project, output, vocabulary }: Props) {
  const { result } = output;
  const reportQuery = searchParamsFromRaw(output.params).toString();
  const everyone = result.groups.find((g) => g.value === null);
  const p1 = everyone?.average[1] ?? null;
  const last = everyone?.average.findLastIndex((v) => v !== null) ?? -1;

  return (
    <div className="space-y-6">
      <ReportHeader
        project={project}
        title="Retention"
        output={output}
        asOf={result.asOf}
        covers={`Cohorts ${cohortLabel(result.period, result.fromDay)} to ${cohortLabel(result.period, result.toDay)}`}
      />
      <RetentionControls params={output.params} vocabulary={vocabulary} />
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-4" aria-label="Totals">
        <StatCard label="People in cohorts" value={formatNumber(everyone?.size ?? 0)} testId="stat-cohort-people" />
        <StatCard label="Cohorts" value={formatNumber(everyone?.cohorts.length ?? 0)} />
        <StatCard label={`${periodLabel(result.period, 1)} retention`} value={p1 === null ? "—" : formatPercent(p1)} hint="weighted average of complete cohorts" />
        <StatCard
          label={last > 0 ? `${periodLabel(result.period, last)} retention` : "Longest complete period"}
          value={last > 0 && everyone?.average[last] != null ? formatPercent(everyone.average[last]!) : "—"}
          hint="weighted average of complete cohorts"
        />
      </section>
      <RetentionExplorer slug={project.slug} reportQuery={reportQuery} result={result} />
      <HowComputed definition={output.definition} queries={output.queries} computedAt={output.computedAt} cached={output.cached} />
    </div>
  );
}
