import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { getProject } from "@/lib/data/projects";
import { pageData } from "@/lib/http/page-data";
import { reportViews } from "@/components/reports/registry";

/**
 * Decides "no such report" and "no such project" before the page's loading state starts streaming, so that they
 * answer with a real 404 status rather than a 200 page that says so.
 */
export default async function ReportLayout({ children, params }: { children: React.ReactNode; params: Promise<{ project: string; report: string }> }) {
  const { project, report } = await params;
  if (!reportViews(report)) notFound();
  const actor = await requireActor();
  await pageData(() => getProject(actor, project));
  return children;
}
