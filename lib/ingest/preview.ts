import { sniffCsv } from "./csv-sniff";
import { ingestLimits } from "./limits";
import { KIND_FIELDS, proposeMapping, resolveMapping, type ImportOptionsInput, importOptionsSchema } from "./kinds";
import { timeParser } from "./time-parse";

/**
 * What the upload page shows before anything is stored: the detected delimiter and encoding, the first rows, each
 * column's apparent type, the proposed mapping for the chosen kind and what is wrong with the mapping as it stands.
 * It reads only the start of the file (the browser sends its first 64 KiB).
 */
export type UploadPreview = {
  delimiter: string;
  encoding: string;
  header: string[];
  rows: string[][];
  types: ("number" | "time" | "text" | "empty")[];
  fields: { field: string; label: string; required: boolean; constantAllowed: boolean; help: string }[];
  mapping: Record<string, string>;
  problems: string[];
};

const NUMBER = /^[-+]?(\d+([.,]\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function previewUpload(sample: Buffer, final: boolean, input: ImportOptionsInput, timezone: string): UploadPreview {
  const options = importOptionsSchema.parse(input);
  const sniff = sniffCsv(sample, { limits: ingestLimits(), final });
  const parse = timeParser(timezone);
  const types = sniff.header.map((_, i) => {
    const values = sniff.previewRows.map((r) => (r[i] ?? "").trim()).filter(Boolean);
    if (!values.length) return "empty" as const;
    if (values.every((v) => NUMBER.test(v) && !/^\d{9,13}$/.test(v))) return "number" as const;
    if (values.every((v) => parse(v) !== null)) return "time" as const;
    return "text" as const;
  });
  const { problems } = resolveMapping(options, sniff.header);
  return {
    delimiter: sniff.delimiter === "\t" ? "tab" : sniff.delimiter,
    encoding: sniff.bom ? "UTF-8 with BOM" : "UTF-8",
    header: sniff.header,
    rows: sniff.previewRows,
    types,
    fields: KIND_FIELDS[options.kind].map((f) => ({ field: f.field, label: f.label, required: f.required, constantAllowed: !!f.constantAllowed, help: f.help })),
    mapping: { ...proposeMapping(options.kind, sniff.header), ...options.map },
    problems,
  };
}
