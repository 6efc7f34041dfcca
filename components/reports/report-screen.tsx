import { can, type Actor } from "@/lib/data/actor";
import { getProject } from "@/lib/data/projects";
import { reportVocabulary, runReport } from "@/lib/data/reports";
import { pageData } from "@/lib/http/page-data";
import type { RawParams } from "@/lib/reports/params";
import { HowComputed } from "./common/how-computed";
import { ReportError } from "./common/report-error";
import { ReportHeader } from "./common/report-header";
import type { ReportViews } from "./registry";
import { SaveReportButton } from "./saved/save-report-button";

/**
 * A report's whole screen from its kind and URL parameters: numbers from lib/data, drawing from the view registry.
 * The report pages and the saved-report pages both show it; `above` goes between the header and the controls.
 */
export async function ReportScreen({
  actor,
  slug,
  kind,
  views,
  raw,
  resetHref,
  above,
}: {
  actor: Actor;
  slug: string;
  kind: string;
  views: ReportViews<{ asOf: string }>;
  raw: RawParams;
  resetHref: string;
  above?: React.ReactNode;
}) {
  const [project, output, vocabulary] = await Promise.all([
    pageData(() => getProject(actor, slug)),
    pageData(() => runReport(actor, slug, kind, raw)),
    pageData(() => reportVocabulary(actor, slug)),
  ]);
  if (!project.ok) return <ReportError message={project.message} />;
  if (!vocabulary.ok) return <ReportError message={vocabulary.message} />;
  if (!output.ok) return <ReportError message={output.message} resetHref={resetHref} />;
  const view = { slug, name: project.data.name, timezone: project.data.timezone };
  const { result } = output.data;
  return (
    <div className="space-y-6">
      <ReportHeader
        project={view}
        title={views.label}
        output={output.data}
        asOf={result.asOf}
        covers={views.covers(result)}
        actions={can(actor, "reports.save") && !above ? <SaveReportButton slug={slug} kind={kind} /> : undefined}
      />
      {above}
      <views.Controls params={output.data.params} vocabulary={vocabulary.data} />
      <views.View project={view} output={output.data} vocabulary={vocabulary.data} />
      <HowComputed definition={output.data.definition} queries={output.data.queries} computedAt={output.data.computedAt} cached={output.data.cached} />
    </div>
  );
}
