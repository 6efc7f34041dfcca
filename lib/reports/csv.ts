import type { ReportTable } from "./definition";

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted; a leading = + - @, tab or carriage return is
 * prefixed with ' so that spreadsheet programs do not run a cell as a formula (OWASP's CSV injection guidance). */
export function toCsv(table: ReportTable): string {
  const cell = (v: string | number | null) => {
    if (v === null) return "";
    let s = String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.columns, ...table.rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
