import type { ReportTable } from "./definition";

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; a leading =+-@ is prefixed with ' so that
 * spreadsheet programs do not run a cell as a formula. */
export function toCsv(table: ReportTable): string {
  const cell = (v: string | number | null) => {
    if (v === null) return "";
    let s = String(v);
    if (typeof v === "string" && /^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.columns, ...table.rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
