import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { getDashboard } from "@/lib/data/dashboards";
import { getProject } from "@/lib/data/projects";
import { listSavedReports } from "@/lib/data/saved-reports";
import { pageData } from "@/lib/http/page-data";
import { DashboardControls } from "@/components/dashboards/dashboard-controls";
import { DashboardGrid } from "@/components/dashboards/dashboard-grid";
import { ReportError } from "@/components/reports/common/report-error";
import { ShareButton } from "@/components/shares/share-button";
import { DigestPanel } from "@/components/dashboards/digest-panel";
import { listDigests } from "@/lib/data/digests";

export const metadata: Metadata = { title: "Dashboard" };

/** A dashboard at its own URL: its tiles load on their own; editors arrange them and set the dashboard-wide filters. */
export default async function DashboardPage({ params }: { params: Promise<{ project: string; id: string }> }) {
  const actor = await requireActor();
  const { project: slug, id } = await params;
  const canEdit = can(actor, "dashboards.edit");
  const data = await pageData(async () => ({
    project: await getProject(actor, slug),
    dashboard: await getDashboard(actor, slug, id),
    saved: canEdit ? (await listSavedReports(actor)).filter((r) => r.project === slug) : [],
    digests: canEdit ? await listDigests(actor, slug, id) : [],
  }));
  if (!data.ok) return <ReportError message={data.message} />;
  const { project, dashboard, saved, digests } = data.data;
  const f = dashboard.filters;
  const overrides = [f.from && `from ${f.from}`, f.to && `to ${f.to}`, ...(f.where ?? [])].filter(Boolean);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">{project.name}</p>
          <h1 className="text-2xl font-semibold tracking-tight">{dashboard.name}</h1>
          <p className="mt-1 text-sm text-slate-500">
            {dashboard.tiles.length} tiles{dashboard.isDefault ? " · the project opens here" : ""}
            {overrides.length ? ` · every tile: ${overrides.join(", ")}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {can(actor, "exports.read") && (
            <a href={`/api/v1/projects/${slug}/dashboards/${dashboard.id}/pdf`} className="btn-secondary" download data-testid="download-pdf">
              Download PDF
            </a>
          )}
          {can(actor, "shares.create") && <ShareButton slug={slug} dashboard={dashboard.id} />}
        </div>
      </header>
      {canEdit && <DashboardControls slug={slug} id={dashboard.id} isDefault={dashboard.isDefault} filters={f} saved={saved.map((s) => ({ id: s.id, name: s.name }))} />}
      <DashboardGrid project={{ slug, name: project.name, timezone: project.timezone }} dashboard={dashboard.id} tiles={dashboard.tiles} canEdit={canEdit} key={dashboard.tiles.map((t) => t.i).join(" ")} />
      {canEdit && <DigestPanel slug={slug} id={dashboard.id} timezone={project.timezone} digests={digests} />}
    </div>
  );
}
