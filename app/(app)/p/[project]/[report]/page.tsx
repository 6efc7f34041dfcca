import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { getProject } from "@/lib/data/projects";
import { reportVocabulary, runReport } from "@/lib/data/reports";
import { pageData } from "@/lib/http/page-data";
import { reportViews } from "@/components/reports/registry";
import { HowComputed } from "@/components/reports/common/how-computed";
import { ReportError } from "@/components/reports/common/report-error";
import { ReportHeader } from "@/components/reports/common/report-header";

type Props = { params: Promise<{ project: string; report: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: reportViews((await params).report)?.label ?? "Not found" };
}

/** Every report's page: its parameters from the URL, its numbers from lib/data, its drawing from the view registry. */
export default async function ReportPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { project: slug, report: kind } = await params;
  const views = reportViews(kind);
  if (!views) notFound();
  const raw = await searchParams;
  const [project, output, vocabulary] = await Promise.all([
    pageData(() => getProject(actor, slug)),
    pageData(() => runReport(actor, slug, kind, raw)),
    pageData(() => reportVocabulary(actor, slug)),
  ]);
  if (!project.ok) return <ReportError message={project.message} />;
  if (!vocabulary.ok) return <ReportError message={vocabulary.message} />;
  if (!output.ok) return <ReportError message={output.message} resetHref={`/p/${slug}/${kind}`} />;
  const view = { slug, name: project.data.name, timezone: project.data.timezone };
  const { result } = output.data;
  return (
    <div className="space-y-6">
      <ReportHeader project={view} title={views.label} output={output.data} asOf={result.asOf} covers={views.covers(result)} />
      <views.Controls params={output.data.params} vocabulary={vocabulary.data} />
      <views.View project={view} output={output.data} vocabulary={vocabulary.data} />
      <HowComputed definition={output.data.definition} queries={output.data.queries} computedAt={output.data.computedAt} cached={output.data.cached} />
    </div>
  );
}
