import type { CampaignsResult } from "@/lib/reports/campaigns/definition";
import { formatNumber, formatPercent } from "@/lib/format";
import { EmptyState } from "@/components/ui/empty-state";
import type { ReportViewProps } from "../registry";
import { StatCard } from "../common/stat-card";
import { CampaignListTable } from "./campaign-list-table";
import { CohortCampaignHeatmap, HEATMAP_CAMPAIGNS } from "./cohort-campaign-heatmap";
import { ComparisonTable } from "./comparison-table";
import { GroupsTable } from "./groups-table";

const pct = (v: number | null) => (v === null ? "—" : formatPercent(v));
const hours = (h: number) => (h % 24 === 0 ? `${h / 24} days` : `${h} hours`);

/** Every campaign's KPIs; with `campaign`, that campaign's arms, their comparison with the control, and its groups. */
export function CampaignsView({ project, output }: ReportViewProps<CampaignsResult>) {
  const r = output.result;
  const goal = r.goal !== null;
  if (!r.campaigns.length)
    return <EmptyState title="No campaign sends in this range" body="Campaign sends arrive as uploads of the campaign-sends kind on the Data page. A wider range or an earlier as-of date may show some." />;
  const single = output.params.campaign ? r.campaigns[0] : undefined;
  const heatmap = (
    <section className="card p-5">
      <h2 className="text-sm font-semibold text-slate-700">Re-engagement by signup cohort</h2>
      <p className="mb-3 text-xs text-slate-500">
        Recipients dormant for {r.dormantDays} days before a send who were active within {hours(r.windowHours)} after it
        {r.campaigns.length > HEATMAP_CAMPAIGNS && !single ? `; the ${HEATMAP_CAMPAIGNS} newest campaigns with dormant recipients` : ""}.
      </p>
      <CohortCampaignHeatmap cells={r.cohorts} campaigns={r.campaigns} timezone={project.timezone} />
    </section>
  );
  if (!single)
    return (
      <>
        <section className="card p-5">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">Campaigns, newest first</h2>
          <CampaignListTable campaigns={r.campaigns} goal={goal} timezone={project.timezone} />
        </section>
        {heatmap}
      </>
    );

  const arms = r.groups.filter((g) => g.campaign === single.campaign && g.level === "arm");
  const breakdown = r.groups.filter((g) => g.campaign === single.campaign && g.level === "breakdown");
  const comparisons = r.comparisons.filter((c) => c.campaign === single.campaign);
  const multiple = r.multipleComparisons.find((m) => m.campaign === single.campaign);
  const control = comparisons[0]?.against;
  return (
    <>
      <h2 className="text-lg font-semibold text-slate-900" data-testid="campaign-name">
        {single.name}
      </h2>
      {!single.windowComplete && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Some members&apos; {hours(r.windowHours)} window has not ended by the as-of date: conversion, revenue and re-engagement are counts so far.
        </p>
      )}
      <section className="grid grid-cols-2 gap-4 lg:grid-cols-6" aria-label="Campaign totals">
        <StatCard label="Audience" value={formatNumber(single.audience)} hint={single.holdoutAudience ? `${formatNumber(single.holdoutAudience)} held out` : "no holdout"} testId="stat-audience" />
        <StatCard label="Delivered" value={formatNumber(single.delivered)} hint={`${formatNumber(single.bounced)} bounced of ${formatNumber(single.sent)} sent`} testId="stat-delivered" />
        <StatCard label="Open rate" value={pct(single.openRate)} hint={`${formatNumber(single.opens)} unique openers`} testId="stat-open-rate" />
        <StatCard label="CTR" value={pct(single.ctr)} hint={`${formatNumber(single.clicks)} unique clickers`} testId="stat-ctr" />
        <StatCard label="Click-to-open" value={pct(single.clickToOpen)} hint="clickers ÷ openers" testId="stat-cto" />
        <StatCard
          label={goal ? `Converted (${r.goal})` : "Re-engaged"}
          value={goal ? pct(single.conversionRate) : pct(single.reengagementRate)}
          hint={goal ? (single.holdoutAudience ? `holdout ${pct(single.holdoutConversionRate)}` : `within ${hours(r.windowHours)}`) : `of ${formatNumber(single.dormant)} dormant`}
          testId="stat-goal"
        />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Variants{single.holdoutAudience ? " and holdout" : ""}</h2>
        <GroupsTable groups={arms} goal={goal} caption="Variants" />
      </section>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">
          {control ? (control.holdout ? "Compared with the holdout" : `Compared with variant ${control.variant ?? "(no variant)"}`) : "Comparison"}
        </h2>
        {comparisons.length ? (
          <ComparisonTable comparisons={comparisons} bonferroni={multiple?.bonferroni ?? null} />
        ) : (
          <p className="text-sm text-slate-500">Nothing to compare: this campaign has a single variant and no holdout.</p>
        )}
      </section>
      {breakdown.length > 0 && (
        <section className="card p-5">
          <h2 className="mb-3 text-sm font-semibold text-slate-700">By {r.breakdown?.replace(/^person\./, "") ?? "group"}</h2>
          <GroupsTable groups={breakdown} goal={goal} caption={`By ${r.breakdown}`} />
        </section>
      )}
      {heatmap}
    </>
  );
}
