/** A plain aligned text table for terminal output. */
export function textTable(columns: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [columns, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? "" : String(c))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  return cells.map((r) => r.map((c, i) => (c ?? "").padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}
