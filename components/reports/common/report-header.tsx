import { formatDateTime } from "@/lib/format";

/** A report page's title, what it covers and when it was read, and the CSV export of the same parameters. */
export function ReportHeader({
  project,
  title,
  asOf,
  covers,
  csvHref,
  actions,
}: {
  project: { slug: string; name: string; timezone: string };
  title: string;
    asOf: string;
  covers: string;
  /** The CSV of the same parameters; none where the viewer may not download. */
  csvHref: string | null;
  /** More buttons beside the export (saving the view). */
  actions?: React.ReactNode;
}) {
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
        {csvHref && (
          <a href={csvHref} className="btn-secondary" download>
            Export CSV
          </a>
        )}
      </div>
    </header>
  );
}
