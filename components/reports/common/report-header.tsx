import type { ReportOutput } from "@/lib/reports/definition";
import { searchParamsFromRaw } from "@/lib/reports/params";
import { formatDateTime } from "@/lib/format";

/** A report page's title, what it covers and when it was read, and the CSV export of the same parameters. */
export function ReportHeader({
  project,
  title,
  output,
  asOf,
  covers,
  actions,
}: {
  project: { slug: string; name: string; timezone: string };
  title: string;
  output: ReportOutput<unknown>;
  asOf: string;
  covers: string;
  /** More buttons beside the export (saving the view). */
  actions?: React.ReactNode;
}) {
  const csvHref = `/api/v1/projects/${project.slug}/reports/${output.kind}?${searchParamsFromRaw({ ...output.params, format: "csv" })}`;
  return (
    <header className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <p className="text-sm text-slate-500">{project.name}</p>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="mt-1 text-sm text-slate-500">
          {covers} · as of {formatDateTime(asOf, project.timezone)} · {project.timezone}
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        {actions}
        <a href={csvHref} className="btn-secondary" download>
          Export CSV
        </a>
      </div>
    </header>
  );
}
