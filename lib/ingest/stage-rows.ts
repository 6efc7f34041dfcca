import type { CsvRowItem } from "./csv-tokenizer";
import type { RowError } from "./ingest-error";
import { KIND_FIELDS, type ImportOptions, type ResolvedMapping } from "./kinds";
import type { TimeParser } from "./time-parse";

/**
 * Turns the tokenizer's rows into staging rows: one per file row, the mapped fields typed (times as UTC instants,
 * numbers as numbers) and the other columns as text. Rows with a problem are not staged; each problem is counted
 * under a short reason and the first `keep` are kept with row, column, value and reason.
 */
export type StageColumn = { name: string; type: "int" | "text" | "timestamptz" | "numeric" };

export type StagePlan = {
  columns: StageColumn[];
  /** Semicolon- and tab-separated files come from locales that write 19,99 for 19.99, as Excel there does. */
  decimalComma: boolean;
  /** Per property column: true while every non-empty value seen is a plain number (no leading zeros). */
  numeric: boolean[];
};

export type StageReport = {
  rowsRead: number;
  rowsStaged: number;
  skipped: Record<string, number>;
  errors: RowError[];
};

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const COMMA_DECIMAL = /^[-+]?\d+,\d+$/;
// "007" or "01234" are codes (zip codes, ids), not numbers: keep them as text.
const CODE = /^[-+]?0\d/;

export function stagePlan(options: ImportOptions, mapping: ResolvedMapping, delimiter: string): StagePlan {
  const columns: StageColumn[] = [{ name: "row_no", type: "int" }];
  for (const spec of KIND_FIELDS[options.kind])
    if (mapping.columns[spec.field] !== undefined)
      columns.push({ name: `f_${spec.field}`, type: spec.type === "time" ? "timestamptz" : spec.type === "number" ? "numeric" : "text" });
  mapping.properties.forEach((_, i) => columns.push({ name: `p${i}`, type: "text" }));
  return { columns, decimalComma: delimiter !== ",", numeric: mapping.properties.map(() => true) };
}

export async function* stageRows(
  items: AsyncIterable<CsvRowItem>,
  options: ImportOptions,
  mapping: ResolvedMapping,
  header: readonly string[],
  plan: StagePlan,
  parseTime: TimeParser,
  report: StageReport,
  keep: number,
): AsyncGenerator<unknown[]> {
  const number = (v: string) => (plan.decimalComma && COMMA_DECIMAL.test(v) ? v.replace(",", ".") : v);
  const fields = KIND_FIELDS[options.kind].filter((s) => mapping.columns[s.field] !== undefined);
  const problem = (row: number, key: string, error: RowError) => {
    report.skipped[key] = (report.skipped[key] ?? 0) + 1;
    if (report.errors.length < keep) report.errors.push(error);
    // Without skip-invalid the first `keep` problems are enough to report; stop reading there.
    if (!options.skipInvalid && report.errors.length >= keep) return "stop";
    return row;
  };

  for await (const item of items) {
    report.rowsRead++;
    if (item.error) {
      if (problem(item.row, item.error.reason.replace(/\d[\d,]*/g, "N").replace(/"[^"]*"/g, "…"), item.error) === "stop") return;
      continue;
    }
    const out: unknown[] = [item.row];
    let bad: { key: string; error: RowError } | null = null;
    for (const spec of fields) {
      const index = mapping.columns[spec.field]!;
      const raw = item.fields[index] ?? "";
      const value = raw.trim();
      const column = header[index] ?? null;
      if (!value) {
        if (spec.required) {
          bad = { key: `missing ${spec.field}`, error: { row: item.row, column, value: null, reason: `the ${spec.label} is missing` } };
          break;
        }
        out.push(null);
      } else if (spec.type === "time") {
        const ms = parseTime(value);
        if (ms === null) {
          bad = { key: `invalid ${spec.field}`, error: { row: item.row, column, value, reason: "is not a valid time" } };
          break;
        }
        out.push(new Date(ms));
      } else if (spec.type === "number") {
        const n = number(value);
        if (!NUMBER.test(n)) {
          bad = { key: `invalid ${spec.field}`, error: { row: item.row, column, value, reason: "is not a number" } };
          break;
        }
        out.push(n);
      } else out.push(value);
    }
    if (bad) {
      if (problem(item.row, bad.key, bad.error) === "stop") return;
      continue;
    }
    mapping.properties.forEach((p, i) => {
      const value = number(item.fields[p.index] ?? "");
      if (value === "") out.push(null);
      else {
        if (plan.numeric[i] && (!NUMBER.test(value) || CODE.test(value))) plan.numeric[i] = false;
        out.push(value);
      }
    });
    report.rowsStaged++;
    yield out;
  }
}
