import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { can } from "@/lib/data/actor";
import { getDashboard } from "@/lib/data/dashboards";
import { getProject } from "@/lib/data/projects";
import { openShare, recordShareView } from "@/lib/data/shares";
import { clientAddress } from "@/lib/http/client-address";
import { pageData } from "@/lib/http/page-data";
import { searchParamsFromRaw, type RawParams } from "@/lib/reports/params";
import { formatDateTime } from "@/lib/format";
import { reportViews } from "@/components/reports/registry";
import { LockedFilters, ReportScreen } from "@/components/reports/report-screen";
import { ReportApiProvider } from "@/components/reports/common/report-api";
import { ReportError } from "@/components/reports/common/report-error";
import { DashboardGrid } from "@/components/dashboards/dashboard-grid";
import { UnlockForm } from "@/components/shares/unlock-form";
import { Logo } from "@/components/ui/logo";

export const metadata: Metadata = { title: "Shared view", robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }>; searchParams: Promise<RawParams> };

/**
 * A share link's page, for anyone holding the link: one dashboard or one report, read-only, with the link's locked
 * filters. A wrong, expired or revoked token is a 404; a password shows a form first. Each opening is logged.
 */
export default async function SharedPage({ params, searchParams }: Props) {
  const { token } = await params;
  const jar = await cookies();
  const opened = await pageData(() => openShare(token, (name) => jar.get(name)?.value));
  if (!opened.ok) return <ReportError message={opened.message} />;
  const link = opened.data;
  const { actor } = link;
  if (!actor)
    return (
      <Shell>
        <UnlockForm token={token} />
      </Shell>
    );
  const raw = await searchParams;
  // A report link opens on its saved parameters, in the address bar, so the form's changes start from them.
  if (link.kind && !Object.keys(raw).length && Object.keys(link.params).length) redirect(`/s/${token}?${searchParamsFromRaw(link.params)}`);
  await recordShareView(link, clientAddress(await headers()));
  const api = { base: `/s/${token}/api/reports`, csv: can(actor, "exports.read"), people: can(actor, "people.read") };
  const footer = link.render ? (
    <p className="mt-8 text-xs text-slate-500">Drawn by Journeylens on {formatDateTime(new Date().toISOString(), "UTC")} UTC.</p>
  ) : (
    <p className="mt-8 text-xs text-slate-500">A read-only view shared from Journeylens. This link works until {formatDateTime(link.expiresAt, "UTC")} UTC.</p>
  );

  if (link.kind) {
    const views = reportViews(link.kind)!;
    return (
      <Shell>
        <ReportScreen actor={actor} slug={link.project} kind={link.kind} views={views} raw={raw} resetHref={`/s/${token}`} api={api} locks={link.locks} />
        {footer}
      </Shell>
    );
  }
  const data = await pageData(async () => ({ project: await getProject(actor, link.project), dashboard: await getDashboard(actor, link.project, link.dashboardId!) }));
  if (!data.ok) return <ReportError message={data.message} />;
  const { project, dashboard } = data.data;
  return (
    <Shell>
      <ReportApiProvider value={api}>
        <div className="space-y-6">
          <header className="flex flex-wrap items-end justify-between gap-4">
            <div>
              <p className="text-sm text-slate-500">{project.name}</p>
              <h1 className="text-2xl font-semibold tracking-tight">{dashboard.name}</h1>
            </div>
            {api.csv && !link.render && (
              <a href={`/s/${token}/pdf`} className="btn-secondary export-controls" download data-testid="download-pdf">
                Download PDF
              </a>
            )}
          </header>
          {link.locks.length > 0 && <LockedFilters locks={link.locks} />}
          <DashboardGrid project={{ slug: project.slug, name: project.name, timezone: project.timezone }} dashboard={dashboard.id} tiles={dashboard.tiles} canEdit={false} shared />
        </div>
      </ReportApiProvider>
      {footer}
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-screen bg-slate-50">
      <div className="border-b border-slate-200 bg-white px-6 py-3">
        <Logo className="text-lg text-slate-900" />
      </div>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </div>
  );
}
