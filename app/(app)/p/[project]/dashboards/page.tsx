import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { listDashboards } from "@/lib/data/dashboards";
import { getProject } from "@/lib/data/projects";
import { pageData } from "@/lib/http/page-data";
import { NewDashboardForm } from "@/components/dashboards/new-dashboard-form";
import { ReportError } from "@/components/reports/common/report-error";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage({ params }: { params: Promise<{ project: string }> }) {
  const actor = await requireActor();
  const { project: slug } = await params;
  const data = await pageData(async () => ({ project: await getProject(actor, slug), dashboards: await listDashboards(actor, slug) }));
  if (!data.ok) return <ReportError message={data.message} />;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-500">{data.data.project.name}</p>
        <h1 className="text-2xl font-semibold tracking-tight">Dashboards</h1>
      </header>
      {can(actor, "dashboards.edit") && <NewDashboardForm slug={slug} />}
      <section className="card divide-y divide-slate-100">
        {data.data.dashboards.length ? (
          data.data.dashboards.map((d) => (
            <div key={d.id} className="flex items-center justify-between px-5 py-3">
              <Link href={d.path} className="font-medium text-brand-700 hover:underline">
                {d.name}
              </Link>
              <span className="text-sm text-slate-500">
                {d.tiles} tiles{d.isDefault ? " · default" : ""}
              </span>
            </div>
          ))
        ) : (
          <p className="px-5 py-4 text-sm text-slate-500">No dashboards yet.</p>
        )}
      </section>
    </div>
  );
}
