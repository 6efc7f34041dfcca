import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getProject } from "@/lib/data/projects";
import { reportVocabulary, runReport } from "@/lib/data/reports";
import { pageData } from "@/lib/http/page-data";
import { RetentionView } from "@/components/reports/retention/retention-view";
import { ReportError } from "@/components/reports/common/report-error";

export const metadata: Metadata = { title: "Retention" };

type Props = { params: Promise<{ project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RetentionPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { project: slug } = await params;
  const raw = await searchParams;
  const project = await pageData(() => getProject(actor, slug));
  const [output, vocabulary] = await Promise.all([pageData(() => runReport(actor, slug, "retention", raw)), pageData(() => reportVocabulary(actor, slug))]);
  if (!project.ok) return <ReportError message={project.message} />;
  if (!vocabulary.ok) return <ReportError message={vocabulary.message} />;
  if (!output.ok) return <ReportError message={output.message} resetHref={`/p/${slug}/retention`} />;
  return <RetentionView project={{ slug, name: project.data.name, timezone: project.data.timezone }} output={output.data} vocabulary={vocabulary.data} />;
}
