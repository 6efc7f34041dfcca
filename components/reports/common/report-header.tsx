import { formatDateTime, formatDay } from "@/lib/format";

/**
 * A report page's title, what it covers and when it was read, and the CSV export of the same parameters. `dataEnd` is
 * the project's last event day when the default as_of was moved to its end (the data ends before now).
 */
export function ReportHeader({
  project,
  title,
  asOf,
  dataEnd = null,
  covers,
  csvHref,
  actions,
}: {
  project: { slug: string; name: string; timezone: string };
  title: string;
  asOf: string;
  dataEnd?: string | null;
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
          {covers} · as of {formatDateTime(asOf, project.timezone)}
          {dataEnd && (
            <>
              {" · "}
              <span data-testid="data-end" title="No as_of was given and the data ends before today: the report is read as of the end of its last event day.">
                data ends {formatDay(dataEnd)}
              </span>
            </>
          )}{" "}
          · {project.timezone}
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
