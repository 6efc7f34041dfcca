import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { reportViews } from "@/components/reports/registry";
import { ReportScreen } from "@/components/reports/report-screen";

type Props = { params: Promise<{ project: string; report: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: reportViews((await params).report)?.label ?? "Not found" };
}

/** Every report's page: its parameters from the URL. */
export default async function ReportPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { project: slug, report: kind } = await params;
  const views = reportViews(kind);
  if (!views) notFound();
  return <ReportScreen actor={actor} slug={slug} kind={kind} views={views} raw={await searchParams} resetHref={`/p/${slug}/${kind}`} />;
}
