import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { getSavedReport } from "@/lib/data/saved-reports";
import { pageData } from "@/lib/http/page-data";
import { searchParamsFromRaw } from "@/lib/reports/params";
import { reportViews } from "@/components/reports/registry";
import { ReportScreen } from "@/components/reports/report-screen";
import { ReportError } from "@/components/reports/common/report-error";
import { SavedReportBar } from "@/components/reports/saved/saved-report-bar";

type Props = { params: Promise<{ project: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "Saved report" };

/**
 * A saved report at its own URL. Opened bare, it restores its view by putting the saved parameters in the URL, so
 * that the controls change them from there; "Save changes" writes the URL's view back under the same id.
 */
export default async function SavedReportPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const { project: slug, id } = await params;
  const saved = await pageData(() => getSavedReport(actor, slug, id));
  if (!saved.ok) return <ReportError message={saved.message} />;
  const raw = await searchParams;
  const query = searchParamsFromRaw(saved.data.params).toString();
  if (!Object.keys(raw).length && query) redirect(`${saved.data.path}?${query}`);
  const views = reportViews(saved.data.kind);
  if (!views) return <ReportError message={`This saved report is of a kind that no longer exists (${saved.data.kind}).`} />;
  return (
    <ReportScreen
      actor={actor}
      slug={slug}
      kind={saved.data.kind}
      views={views}
      raw={raw}
      resetHref={saved.data.path}
      above={<SavedReportBar slug={slug} saved={saved.data} canEdit={can(actor, "reports.save")} />}
    />
  );
}
