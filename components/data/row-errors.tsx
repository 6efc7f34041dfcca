import type { RowError } from "@/lib/ingest/ingest-error";
import { formatNumber } from "@/lib/format";

/** A file's row errors: the spreadsheet row (the header is row 1), the column, the value and why it was refused. */
export function RowErrors({ errors, caption }: { errors: RowError[]; caption: string }) {
  return (
    <div className="mt-2 max-h-64 overflow-auto rounded-md border border-current/20 bg-white/60">
      <table className="min-w-full text-xs">
        <caption className="px-2 py-1.5 text-left font-medium">{caption}</caption>
        <thead className="text-left">
          <tr>
            <th className="px-2 py-1 font-medium">Row</th>
            <th className="px-2 py-1 font-medium">Column</th>
            <th className="px-2 py-1 font-medium">Value</th>
            <th className="px-2 py-1 font-medium">Reason</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i} className="border-t border-current/10 align-top">
              <td className="px-2 py-1 tabular-nums">{e.row === null ? "—" : formatNumber(e.row)}</td>
              <td className="px-2 py-1">{e.column ?? "—"}</td>
              <td className="max-w-64 truncate px-2 py-1 font-mono">{e.value === null ? "—" : e.value}</td>
              <td className="px-2 py-1">{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
