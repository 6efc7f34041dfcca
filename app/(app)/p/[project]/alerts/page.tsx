import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { alertSeries, listAlerts } from "@/lib/data/alerts";
import { getProject } from "@/lib/data/projects";
import { ALERT_METRICS } from "@/lib/alerts/metrics";
import { pageData } from "@/lib/http/page-data";
import { AlertRuleCard } from "@/components/alerts/alert-rule-card";
import { NewAlertForm } from "@/components/alerts/new-alert-form";
import { ReportError } from "@/components/reports/common/report-error";

export const metadata: Metadata = { title: "Alerts" };

/** The project's alert rules, each with its metric and the points it fired for; marketing and admins add rules. */
export default async function AlertsPage({ params }: { params: Promise<{ project: string }> }) {
  const actor = await requireActor();
  const { project: slug } = await params;
  const data = await pageData(async () => {
    const project = await getProject(actor, slug);
    const rules = await listAlerts(actor, slug);
    const withSeries = await Promise.all(
      rules.map(async (r) => ({
        id: r.id,
        name: r.name,
        metricLabel: ALERT_METRICS[r.metric].label,
        unit: ALERT_METRICS[r.metric].unit,
        condition: r.condition,
        webhookHost: r.webhookHost,
        evaluatedAt: r.evaluatedAt,
        firings: r.firings,
        series: await alertSeries(actor, slug, r.metric, r.params).catch(() => []),
      })),
    );
    return { project, rules: withSeries };
  });
  if (!data.ok) return <ReportError message={data.message} />;
  const canEdit = can(actor, "reports.save");
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-500">{data.data.project.name}</p>
        <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
        <p className="mt-1 text-sm text-slate-500">
          Rules on a report&apos;s metric, checked after each upload and every hour. Each firing is kept once per point, marked on the chart and, with a
          webhook, posted there as JSON.
        </p>
      </header>
      {canEdit && <NewAlertForm slug={slug} metrics={Object.entries(ALERT_METRICS).map(([value, m]) => ({ value, label: m.label }))} />}
      {data.data.rules.length ? (
        data.data.rules.map((rule) => <AlertRuleCard key={rule.id} slug={slug} rule={rule} canEdit={canEdit} />)
      ) : (
        <p className="card p-5 text-sm text-slate-500">No alert rules yet.</p>
      )}
    </div>
  );
}
