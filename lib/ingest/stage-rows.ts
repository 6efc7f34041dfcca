import { csvField } from "@/lib/db/copy-rows";
import type { CsvRowItem } from "./csv-scanner";
import type { RowError } from "./ingest-error";
import { KIND_FIELDS, type ImportOptions, type ResolvedMapping } from "./kinds";
import type { TimeParser } from "./time-parse";

/**
 * Turns the tokenizer's batches into staging CSV text: one line per file row, the mapped fields typed (times as
 * epoch milliseconds, numbers as numbers) and the other columns as text. This is the import's hot loop, so it works
 * a batch at a time and writes CSV directly, without an array per row. Rows with a problem are not staged; each
 * problem is counted under a short reason and the first `keep` are kept with row, column, value and reason.
 */
export type StageColumn = { name: string; type: "int" | "text" | "float8" | "numeric" };

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
const YES = /^(1|true|yes|y|x)$/i;
const NO = /^(0|false|no|n)$/i;

export function stagePlan(options: ImportOptions, mapping: ResolvedMapping, delimiter: string): StagePlan {
  const columns: StageColumn[] = [{ name: "row_no", type: "int" }];
  for (const spec of KIND_FIELDS[options.kind])
    if (mapping.columns[spec.field] !== undefined)
      columns.push({ name: `f_${spec.field}`, type: spec.type === "time" || spec.type === "moment" ? "float8" : spec.type === "number" ? "numeric" : "text" });
  mapping.properties.forEach((_, i) => columns.push({ name: `p${i}`, type: "text" }));
  return { columns, decimalComma: delimiter !== ",", numeric: mapping.properties.map(() => true) };
}

/** Thrown out of the loop when, without skip-invalid, enough problems have been found to report. */
class Enough extends Error {}

export async function* stageBatches(
  batches: AsyncIterable<CsvRowItem[]>,
  options: ImportOptions,
  mapping: ResolvedMapping,
  header: readonly string[],
  plan: StagePlan,
  parseTime: TimeParser,
  report: StageReport,
  keep: number,
): AsyncGenerator<string> {
  const number = (v: string) => (plan.decimalComma && COMMA_DECIMAL.test(v) ? v.replace(",", ".") : v);
  const fields = KIND_FIELDS[options.kind]
    .filter((s) => mapping.columns[s.field] !== undefined)
    .map((spec) => ({ spec, index: mapping.columns[spec.field]!, column: header[mapping.columns[spec.field]!] ?? null }));
  const properties = mapping.properties.map((p) => p.index);

  const problem = (key: string, error: RowError) => {
    report.skipped[key] = (report.skipped[key] ?? 0) + 1;
    if (report.errors.length < keep) report.errors.push(error);
    if (!options.skipInvalid && report.errors.length >= keep) throw new Enough();
  };

  /** The row's staging line, or null after recording its problem. */
  const line = (item: CsvRowItem): string | null => {
    if (item.error) {
      problem(item.error.reason.replace(/\d[\d,]*/g, "N").replace(/"[^"]*"/g, "…"), item.error);
      return null;
    }
    let out = String(item.row);
    for (const { spec, index, column } of fields) {
      const value = (item.fields[index] ?? "").trim();
      if (!value) {
        if (spec.required) {
          problem(`missing ${spec.field}`, { row: item.row, column, value: null, reason: `the ${spec.label} is missing` });
          return null;
        }
        out += ",";
      } else if (spec.type === "time") {
        const ms = parseTime(value);
        if (ms === null) {
          problem(`invalid ${spec.field}`, { row: item.row, column, value, reason: "is not a valid time" });
          return null;
        }
        out += "," + ms;
      } else if (spec.type === "moment") {
        // A flag has no time of its own: NaN is staged and read as the send time when moved.
        const ms = YES.test(value) ? NaN : NO.test(value) ? null : parseTime(value);
        if (ms === null && !NO.test(value)) {
          problem(`invalid ${spec.field}`, { row: item.row, column, value, reason: "is neither a time nor yes/no" });
          return null;
        }
        out += "," + (ms === null ? "" : Number.isNaN(ms) ? "NaN" : ms);
      } else if (spec.type === "number") {
        const n = number(value);
        if (!NUMBER.test(n)) {
          problem(`invalid ${spec.field}`, { row: item.row, column, value, reason: "is not a number" });
          return null;
        }
        out += "," + n;
      } else out += "," + csvField(value);
    }
    for (let i = 0; i < properties.length; i++) {
      const value = number(item.fields[properties[i]!] ?? "");
      if (value === "") out += ",";
      else {
        if (plan.numeric[i] && (!NUMBER.test(value) || CODE.test(value))) plan.numeric[i] = false;
        out += "," + csvField(value);
      }
    }
    report.rowsStaged++;
    return out + "\n";
  };

  try {
    for await (const batch of batches) {
      let text = "";
      for (const item of batch) {
        report.rowsRead++;
        const staged = line(item);
        if (staged !== null) text += staged;
      }
      if (text) yield text;
    }
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
  }
}
