import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getProject } from "@/lib/data/projects";
import { listUploads } from "@/lib/data/uploads";
import { listSources } from "@/lib/data/import-sources";
import { pageData } from "@/lib/http/page-data";
import { UploadPanel } from "@/components/data/upload-panel";
import { UploadHistory } from "@/components/data/upload-history";
import { ImportSources } from "@/components/data/import-sources";
import { ReportError } from "@/components/reports/common/report-error";

export const metadata: Metadata = { title: "Data" };

export default async function DataPage({ params }: { params: Promise<{ project: string }> }) {
  const actor = await requireActor();
  const { project: slug } = await params;
  const data = await pageData(async () => ({
    project: await getProject(actor, slug),
    uploads: await listUploads(actor, slug),
    sources: await listSources(actor, slug),
  }));
  if (!data.ok) return <ReportError message={data.message} />;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-500">{data.data.project.name}</p>
        <h1 className="text-2xl font-semibold tracking-tight">Data</h1>
        <p className="mt-1 text-sm text-slate-500">
          Upload CSV files of events, people or page journeys. Each upload is stored whole or not at all; times without a zone are read in{" "}
          {data.data.project.timezone}.
        </p>
      </header>
      <UploadPanel slug={slug} />
      <UploadHistory slug={slug} uploads={data.data.uploads} />
      <ImportSources slug={slug} sources={data.data.sources} />
    </div>
  );
}
