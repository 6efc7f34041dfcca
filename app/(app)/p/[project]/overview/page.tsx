import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getProject } from "@/lib/data/projects";
import { runReport } from "@/lib/data/reports";
import { pageData } from "@/lib/http/page-data";
import { OverviewView } from "@/components/reports/overview/overview-view";
import { ReportError } from "@/components/reports/common/report-error";

export const metadata: Metadata = { title: "Overview" };

type Props = { params: Promise<{ project: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OverviewPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { project: slug } = await params;
  const raw = await searchParams;
  const project = await pageData(() => getProject(actor, slug));
  const output = await pageData(() => runReport(actor, slug, "overview", raw));
  if (!project.ok) return <ReportError message={project.message} />;
  if (!output.ok) return <ReportError message={output.message} resetHref={`/p/${slug}/overview`} />;
  return <OverviewView project={{ slug, name: project.data.name, timezone: project.data.timezone }} output={output.data} />;
}
