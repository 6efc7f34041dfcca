import type { ReportOutput } from "@/lib/reports/definition";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { searchParamsFromRaw } from "@/lib/reports/params";
import { formatDateTime, formatNumber } from "@/lib/format";
import { HowComputed } from "../common/how-computed";
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
  const csvHref = `/api/v1/projects/${project.slug}/reports/retention?${searchParamsFromRaw({ ...output.params, format: "csv" })}`;
  const everyone = result.groups.find((g) => g.value === null);
  const p1 = everyone?.average[1] ?? null;
  const last = everyone?.average.findLastIndex((v) => v !== null) ?? -1;

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">{project.name}</p>
          <h1 className="text-2xl font-semibold tracking-tight">Retention</h1>
          <p className="mt-1 text-sm text-slate-500">
            Cohorts {cohortLabel(result.period, result.fromDay)} to {cohortLabel(result.period, result.toDay)} · as of {formatDateTime(result.asOf, project.timezone)} ·{" "}
            {project.timezone}
          </p>
        </div>
        <a href={csvHref} className="btn-secondary" download>
          Export CSV
        </a>
      </header>
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
