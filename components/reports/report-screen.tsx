import { can, type Actor } from "@/lib/data/actor";
import { getProject } from "@/lib/data/projects";
import { reportVocabulary, runReport } from "@/lib/data/reports";
import { filterExamples } from "@/lib/data/property-values";
import { setAsideBadFilters, type RejectedFilter } from "@/lib/reports/filter-check";
import { pageData } from "@/lib/http/page-data";
import { asArray, searchParamsFromRaw, type RawParams } from "@/lib/reports/params";
import { ReportApiProvider } from "./common/report-api";
import { FilterSupportProvider } from "./common/filter-support";
import { signedInApi, type ReportApi } from "./common/signed-in-api";
import { HowComputed } from "./common/how-computed";
import { ReportError } from "./common/report-error";
import { ReportHeader } from "./common/report-header";
import { ReportUnavailable } from "./common/report-unavailable";
import { ReportWarnings } from "./common/report-warnings";
import type { ReportViews } from "./registry";
import { SaveReportButton } from "./saved/save-report-button";
import { ShareButton } from "@/components/shares/share-button";
import { AddToDashboard } from "@/components/dashboards/add-to-dashboard";
import { listDashboards } from "@/lib/data/dashboards";

/**
 * A report's whole screen from its kind and URL parameters: numbers from lib/data, drawing from the view registry.
 * The report pages, the saved-report pages and a share link's page show it; `above` goes between the header and the
 * controls, `actions` beside the export. Under a share link, `api` points the client parts at the link's routes and
 * `locks` are the link's filters: shown, and kept out of the form (the data layer adds them to every run).
 */
export async function ReportScreen({
  actor,
  slug,
  kind,
  views,
  raw,
  resetHref,
  above,
  actions,
  api,
  locks = [],
}: {
  actor: Actor;
  slug: string;
  kind: string;
  views: ReportViews<{ asOf: string }>;
  raw: RawParams;
  resetHref: string;
  above?: React.ReactNode;
  actions?: React.ReactNode;
  api?: ReportApi;
  locks?: string[];
}) {
  const canEdit = can(actor, "dashboards.edit");
  const [project, vocabulary, examples, dashboards] = await Promise.all([
    pageData(() => getProject(actor, slug)),
    pageData(() => reportVocabulary(actor, slug)),
    pageData(() => filterExamples(actor, slug)),
    canEdit && !api ? listDashboards(actor, slug) : Promise.resolve([]),
  ]);
  if (!project.ok) return <ReportError message={project.message} />;
  if (!vocabulary.ok) return <ReportError message={vocabulary.message} />;
  // A filter that does not read, or names a property the project lacks, is set aside with the data layer's own checks:
  // the report runs with the others, and the form shows it as a red chip saying why (it stays in the URL, to be mended).
  // The API and the CLI refuse such a filter instead, as nobody is there to see a chip.
  const { runnable, rejected } = setAsideBadFilters(raw, vocabulary.data);
  const output = await pageData(() => runReport(actor, slug, kind, runnable));
  // The parameters the form shows leave out the link's locks, which the data layer adds to every run.
  const ownOf = (given: RawParams) => {
    const all = withRejected(given, rejected);
    return { ...all, where: asArray(all.where).filter((w) => !locks.includes(w)) };
  };
  const filterSupport = { valuesUrl: api ? null : `/api/v1/projects/${slug}/property-values`, examples: examples.ok ? examples.data : { event: null, person: null } };
  if (!output.ok) {
    // The form shows the settings as given, under the message saying what is wrong with them, so they can be mended.
    const given = ownOf(runnable);
    return (
      <div className="space-y-6">
        <ReportError message={output.message} resetHref={resetHref} />
        <div data-testid="report-controls">
          <FilterSupportProvider value={filterSupport}>
            <views.Controls key={formKey(given)} params={given} vocabulary={vocabulary.data} />
          </FilterSupportProvider>
        </div>
      </div>
    );
  }
  const view = { slug, name: project.data.name, timezone: project.data.timezone };
  const { result, params, unavailable } = output.data;
  const reportApi = api ?? signedInApi(slug);
  const csvHref = can(actor, "exports.read") ? `${reportApi.base}/${kind}?${searchParamsFromRaw({ ...params, format: "csv" })}` : null;
  const own = ownOf(params);
  return (
    <ReportApiProvider value={reportApi}>
      <div className="space-y-6">
        <ReportHeader
          project={view}
          title={views.label}
          asOf={result.asOf}
          dataEnd={output.data.asOfSource === "data_end" ? output.data.dataEnd : null}
          covers={views.covers(result)}
          csvHref={csvHref}
          actions={
            actions ?? (
              <>
                {dashboards.length > 0 && <AddToDashboard slug={slug} kind={kind} dashboards={dashboards.map((d) => ({ id: d.id, name: d.name }))} />}
                {can(actor, "shares.create") && <ShareButton slug={slug} kind={kind} />}
                {can(actor, "reports.save") && !above && <SaveReportButton slug={slug} kind={kind} />}
              </>
            )
          }
        />
        {above}
        {locks.length > 0 && <LockedFilters locks={locks} />}
        <div data-testid="report-controls">
          <FilterSupportProvider value={filterSupport}>
            <views.Controls key={formKey(own)} params={own} vocabulary={vocabulary.data} />
          </FilterSupportProvider>
        </div>
        <ReportWarnings warnings={output.data.warnings} />
        {unavailable ? (
          // A share link reaches its own report alone: the other report is named, not linked.
          <ReportUnavailable unavailable={unavailable} slug={api ? null : slug} />
        ) : (
          <views.View project={view} output={output.data} vocabulary={vocabulary.data} viewer={{ editsDefinitions: !api && can(actor, "definitions.edit") }} />
        )}
        <HowComputed definition={output.data.definition} queries={output.data.queries} computedAt={output.data.computedAt} cached={output.data.cached} />
      </div>
    </ReportApiProvider>
  );
}

/** A share link's locked filters: every number on the page is within them, and the form cannot take them away. */
export function LockedFilters({ locks }: { locks: string[] }) {
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600" data-testid="locked-filters">
      <span className="font-medium">Locked by this link:</span>
      {locks.map((l) => (
        <span key={l} className="rounded-full border border-amber-300 bg-amber-50 px-2.5 py-0.5 font-mono text-xs text-amber-900" title="Locked: this link always applies it">
          {l}
        </span>
      ))}
    </p>
  );
}

/**
 * The form's key: its fields are state read from the parameters once, so a new URL reached from within the page (a
 * link to one campaign, a suggested funnel, the browser's Back) starts the form again from the URL's parameters.
 */
function formKey(params: RawParams): string {
  return searchParamsFromRaw(params).toString();
}

/** Parameters with the filters set aside put back after the ones that ran, so that the form shows every filter given. */
function withRejected(params: RawParams, rejected: RejectedFilter[]): RawParams {
  const out: RawParams = { ...params };
  for (const r of rejected) out[r.parameter] = [...(asArray(out[r.parameter]) as string[]), r.text];
  return out;
}
