import { csvField } from "@/lib/db/copy-rows";
import type { CsvRowItem } from "./csv-scanner";
import type { RowError } from "./ingest-error";
import { KIND_FIELDS, type FieldType, type ImportOptions, type ResolvedMapping } from "./kinds";
import type { TimeParser } from "./time-parse";

/**
 * Turns the tokenizer's batches into staging CSV text: one line per file row, the mapped fields typed (times as
 * epoch milliseconds, numbers as numbers) and the other columns as text. This is the import's hot loop, so it works
 * a batch at a time and writes CSV directly, without an array per row. Rows with a problem are not staged; each
 * problem is counted under a short reason and the first `keep` are kept with row, column, value and reason.
 */
export type StageColumn = { name: string; type: "int" | "text" | "float8" | "numeric" | "bool" };

export type StagePlan = {
  columns: StageColumn[];
  /** Semicolon- and tab-separated files come from locales that write 19,99 for 19.99, as Excel there does. */
  decimalComma: boolean;
  /** Per property column: true while every non-empty value seen is a plain number (no leading zeros). */
  numeric: boolean[];
  /** Per property column: some value was written as a JSON number (the events format), while `numeric` held. */
  emittedNumbers: boolean[];
  /** Per property column: some number not in canonical form was written as a string (the events format). */
  emittedNumericText: boolean[];
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

const STAGE_TYPES: Record<FieldType, StageColumn["type"]> = { time: "float8", moment: "float8", number: "numeric", flag: "bool", text: "text" };

export function stagePlan(options: ImportOptions, mapping: ResolvedMapping, delimiter: string): StagePlan {
  const columns: StageColumn[] = [{ name: "row_no", type: "int" }];
  for (const spec of KIND_FIELDS[options.kind])
    if (mapping.columns[spec.field] !== undefined)
      columns.push({ name: `f_${spec.field}`, type: STAGE_TYPES[spec.type] });
  mapping.properties.forEach((_, i) => columns.push({ name: `p${i}`, type: "text" }));
  return { columns, decimalComma: delimiter !== ",", numeric: mapping.properties.map(() => true), emittedNumbers: mapping.properties.map(() => false), emittedNumericText: mapping.properties.map(() => false) };
}

/** Thrown out of the loop when, without skip-invalid, enough problems have been found to report. */
class Enough extends Error {}

/**
 * Where the checked rows go: `stage`, the staging table's CSV line (row_no, the mapped fields, then each property as
 * text), or `events`, a row of the events table itself (EVENT_COPY_COLUMNS) in COPY's text format, so that an events
 * file is loaded in one pass with no staging table (docs/ingestion.md). The text format, unlike CSV, leaves the
 * quotes of the properties' JSON as they are; this loop is the import's hottest, and that quoting was a tenth of it.
 */
export type RowFormat = "stage" | "events";
export const EVENT_COPY_COLUMNS = ["person_id", "occurred_at", "name", "session_id", "revenue", "position", "properties"] as const;

// A number in the form numeric prints it back, so a JSON number written from it can be turned back into the same
// text (event-segment.ts, settleNumericColumns); "-0", "+5", ".5", "5." and exponents are not.
const CANONICAL_NUMBER = /^(0|-?[1-9]\d*)(\.\d+)?$|^-0\.\d*[1-9]\d*$/;

// COPY's text format: a backslash, tab, newline or carriage return in a value is escaped.
const TEXT_SPECIAL = /[\\\t\n\r\0]/;
const TEXT_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
function copyText(value: string): string {
  if (!TEXT_SPECIAL.test(value)) return value;
  if (value.includes("\0")) throw new Error("PostgreSQL text cannot contain the NUL character");
  return value.replace(/[\\\t\n\r]/g, (c) => TEXT_ESCAPES[c]!);
}

// Epoch milliseconds as a UTC timestamp for COPY, "2026-03-01 09:15:00.000+00": the date part is cached per day, as
// toISOString on every row took a tenth of the loop.
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const DAY_MS = 86_400_000;
const days = new Map<number, string>();
function timestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    if (days.size > 100_000) days.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 10) + " ";
    days.set(day, date);
  }
  let rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  return date + TWO[(rest - minute) / 60] + ":" + TWO[minute] + ":" + TWO[second] + "." + THREE[milli] + "+00";
}

export async function* stageBatches(
  batches: AsyncIterable<CsvRowItem[]>,
  options: ImportOptions,
  mapping: ResolvedMapping,
  header: readonly string[],
  plan: StagePlan,
  parseTime: TimeParser,
  report: StageReport,
  keep: number,
  format: RowFormat = "stage",
): AsyncGenerator<string> {
  const number = (v: string) => (plan.decimalComma && COMMA_DECIMAL.test(v) ? v.replace(",", ".") : v);
  const fields = KIND_FIELDS[options.kind]
    .filter((s) => mapping.columns[s.field] !== undefined)
    .map((spec) => ({ spec, index: mapping.columns[spec.field]!, column: header[mapping.columns[spec.field]!] ?? null }));
  const properties = mapping.properties.map((p) => p.index);
  // Each field's checked value, as staged: epoch milliseconds for times, the number, or the text; "" when empty.
  const values: string[] = fields.map(() => "");
  const slot = (field: string) => fields.findIndex((f) => f.spec.field === field);
  // A campaign send's holdout flag and its outcomes, which a held-out person cannot have.
  const holdout = slot("holdout");
  const outcomes = fields.flatMap((f, i) => (f.spec.type === "moment" ? [i] : []));
  const at = { person: slot("person"), time: slot("time"), name: slot("name"), session: slot("session"), revenue: slot("revenue") };
  const constantName = copyText(mapping.constants.name ?? "");
  const jsonKeys = mapping.properties.map((p) => JSON.stringify(p.name) + ":");

  const problem = (key: string, error: RowError) => {
    report.skipped[key] = (report.skipped[key] ?? 0) + 1;
    if (report.errors.length < keep) report.errors.push(error);
    if (!options.skipInvalid && report.errors.length >= keep) throw new Enough();
  };

  /** Checks the row's fields into `values`; false after recording its problem. */
  const check = (item: CsvRowItem & { fields: string[] }): boolean => {
    for (let f = 0; f < fields.length; f++) {
      const { spec, index, column } = fields[f]!;
      const value = (item.fields[index] ?? "").trim();
      if (!value) {
        if (spec.required) {
          problem(`missing ${spec.field}`, { row: item.row, column, value: null, reason: `the ${spec.label} is missing` });
          return false;
        }
        values[f] = "";
      } else if (spec.type === "time") {
        const ms = parseTime(value);
        if (ms === null) {
          problem(`invalid ${spec.field}`, { row: item.row, column, value, reason: "is not a valid time" });
          return false;
        }
        values[f] = String(ms);
      } else if (spec.type === "moment") {
        // A flag has no time of its own: NaN is staged and read as the send time when moved.
        const ms = YES.test(value) ? NaN : NO.test(value) ? null : parseTime(value);
        if (ms === null && !NO.test(value)) {
          problem(`invalid ${spec.field}`, { row: item.row, column, value, reason: "is neither a time nor yes/no" });
          return false;
        }
        values[f] = ms === null ? "" : Number.isNaN(ms) ? "NaN" : String(ms);
      } else if (spec.type === "flag") {
        if (!YES.test(value) && !NO.test(value)) {
          problem(`invalid ${spec.field}`, { row: item.row, column, value, reason: "is neither yes nor no" });
          return false;
        }
        values[f] = YES.test(value) ? "t" : "f";
      } else if (spec.type === "number") {
        const n = number(value);
        if (!NUMBER.test(n)) {
          problem(`invalid ${spec.field}`, { row: item.row, column, value, reason: "is not a number" });
          return false;
        }
        values[f] = n;
      } else values[f] = value;
    }
    if (holdout >= 0 && values[holdout] === "t" && outcomes.some((o) => values[o] !== "")) {
      const { column, index } = fields[holdout]!;
      problem("holdout with an outcome", {
        row: item.row, column, value: item.fields[index] ?? null,
        reason: "is a holdout, but the row also says the message was delivered, bounced, opened, clicked or unsubscribed",
      });
      return false;
    }
    return true;
  };

  const stageLine = (row: number, fieldsOf: string[]): string => {
    let out = String(row);
    for (let f = 0; f < fields.length; f++) {
      const v = values[f]!;
      out += "," + (v === "" ? "" : fields[f]!.spec.type === "text" ? csvField(v) : v);
    }
    for (let i = 0; i < properties.length; i++) {
      const value = number(fieldsOf[properties[i]!] ?? "");
      if (value === "") out += ",";
      else {
        if (plan.numeric[i] && (!NUMBER.test(value) || CODE.test(value))) plan.numeric[i] = false;
        out += "," + csvField(value);
      }
    }
    return out + "\n";
  };

  // A property is written as a JSON number while its column is numeric so far and the value is in canonical form;
  // the column's values are settled after the load, once its type is known (event-segment.ts).
  const text = (slotIndex: number) => (slotIndex < 0 || values[slotIndex] === "" ? "\\N" : copyText(values[slotIndex]!));
  const eventLine = (row: number, fieldsOf: string[]): string => {
    let json = "";
    for (let i = 0; i < properties.length; i++) {
      const value = number(fieldsOf[properties[i]!] ?? "");
      if (value === "") continue;
      if (plan.numeric[i] && (!NUMBER.test(value) || CODE.test(value))) plan.numeric[i] = false;
      json += (json ? "," : "{") + jsonKeys[i];
      if (plan.numeric[i] && CANONICAL_NUMBER.test(value)) {
        plan.emittedNumbers[i] = true;
        json += value;
      } else {
        if (plan.numeric[i]) plan.emittedNumericText[i] = true;
        json += JSON.stringify(value);
      }
    }
    return (
      text(at.person) + "\t" + timestamp(Number(values[at.time])) + "\t" + (at.name < 0 ? constantName : text(at.name)) + "\t" + text(at.session) + "\t" +
      (at.revenue < 0 || values[at.revenue] === "" ? "\\N" : values[at.revenue]) + "\t" + row + "\t" + (json ? copyText(json + "}") : "{}") + "\n"
    );
  };
  const write = format === "events" ? eventLine : stageLine;

  /** The row's line, or null after recording its problem. */
  const line = (item: CsvRowItem): string | null => {
    if (item.error) {
      problem(item.error.reason.replace(/\d[\d,]*/g, "N").replace(/"[^"]*"/g, "…"), item.error);
      return null;
    }
    if (!check(item)) return null;
    report.rowsStaged++;
    return write(item.row, item.fields);
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
