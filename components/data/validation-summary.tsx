import type { ValidationResult } from "@/lib/data/uploads";
import { formatNumber } from "@/lib/format";
import { RowErrors } from "./row-errors";

/** What storing the checked file would do, read from a dry run of the whole file. */
export function ValidationSummary({ summary }: { summary: ValidationResult }) {
  const skipped = Object.entries(summary.skipped);
  const skippedRows = skipped.reduce((total, [, n]) => total + n, 0);
  const figures: [string, number][] = [
    ["Rows read", summary.rowsRead],
    ["Rows that would be stored", summary.rowsStored],
    ["Events", summary.events],
    ["People new", summary.peopleCreated],
    ["People updated", summary.peopleUpdated],
  ];
  return (
    <div role="status" aria-label="Validation summary" className="space-y-2 rounded-md bg-sky-50 px-4 py-3 text-sm text-sky-950" data-testid="validation-summary">
      <p className="font-medium">
        Every row checked in {summary.seconds} s; nothing is stored yet.
      </p>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-5">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-sky-800">{label}</dt>
            <dd className="font-semibold tabular-nums">{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      {skipped.length > 0 && (
        <ul className="list-disc pl-5">
          {skipped.map(([reason, n]) => (
            <li key={reason}>
              would be skipped, {reason}: {formatNumber(n)}
            </li>
          ))}
        </ul>
      )}
      {summary.errors.length > 0 && (
        <RowErrors
          errors={summary.errors}
          caption={summary.errors.length < skippedRows ? `The first ${formatNumber(summary.errors.length)} of ${formatNumber(skippedRows)} row errors` : "Row errors"}
        />
      )}
      {summary.duplicateOf && (
        <p role="alert" className="rounded-md bg-amber-100 px-3 py-2 text-amber-900">
          This file was already stored in this project (upload #{summary.duplicateOf.upload}, {summary.duplicateOf.storedAt.slice(0, 16).replace("T", " ")} UTC).
          Storing it again would add its rows a second time.
        </p>
      )}
    </div>
  );
}
