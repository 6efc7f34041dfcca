import { formatNumber } from "@/lib/format";
import { CsvScanner, type CsvDelimiter, type CsvRowItem } from "./csv-scanner";
import { IngestError, fileError, type RowError } from "./ingest-error";
import { describeBytes, type IngestLimits } from "./limits";

export type CsvSniff = {
  bom: boolean;
  delimiter: CsvDelimiter;
  /** Names trimmed; checked to be non-empty, unique ignoring case, and within the column limit. */
  header: string[];
  /** Up to PREVIEW_ROWS data rows as read with `delimiter` (rows the tokenizer would reject are left out). */
  previewRows: string[][];
  /** How the first line ends; "\n" too for a one-line file. */
  lineEnding: "\r\n" | "\n";
};

const PREVIEW_ROWS = 20;
const DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t"];
/** Bytes looked at for control characters. */
const BINARY_WINDOW = 8192;

const MESSAGES = {
  empty: "The file is empty",
  headerOnly: "The file has a header but no rows",
  binary: "This is not a CSV text file (it looks binary). Export the data as CSV (CSV UTF-8 in Excel) and upload that file",
  notUtf8: "The file is not UTF-8 text (it is probably Windows-1252 or Latin-1); save it as UTF-8 (CSV UTF-8 in Excel)",
  oldMac: "The file separates lines with carriage returns only (old Mac format); save it again as CSV UTF-8",
  utf: (bits: 16 | 32) => `The file is UTF-${bits} encoded; save it as UTF-8 (CSV UTF-8 in Excel)`,
} as const;

function fail(reason: string): never {
  throw new IngestError(fileError(reason));
}

function checkEncoding(b: Buffer): void {
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) fail(MESSAGES.utf(32));
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) fail(MESSAGES.utf(32));
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) fail(MESSAGES.utf(16));
  // UTF-16 without a BOM: ASCII text has a NUL in every other byte, always on the same side.
  const pairs = Math.min(b.length, 512) >> 1;
  if (pairs >= 2) {
    let even = 0, odd = 0;
    for (let i = 0; i < pairs; i++) {
      if (b[2 * i] === 0) even++;
      if (b[2 * i + 1] === 0) odd++;
    }
    if ((odd >= pairs * 0.8 && even <= pairs * 0.2) || (even >= pairs * 0.8 && odd <= pairs * 0.2)) fail(MESSAGES.utf(16));
  }
}

/**
 * Binary when a NUL comes before the first line break (the header), or control characters other than tab, CR and
 * LF make up more than 1% of the first bytes. A stray NUL further on is left to the tokenizer, which names its row.
 */
function looksBinary(b: Buffer): boolean {
  const end = Math.min(b.length, BINARY_WINDOW);
  let controls = 0;
  let firstLine = true;
  for (let i = 0; i < end; i++) {
    const c = b[i]!;
    if (c === 10) firstLine = false;
    else if (c < 32 && c !== 9 && c !== 13) {
      if (c === 0 && firstLine) return true;
      controls++;
    }
  }
  return controls >= 2 && controls > end / 100;
}

function parse(text: string, delimiter: CsvDelimiter, limits: IngestLimits, final: boolean): CsvRowItem[] {
  const scanner = new CsvScanner({
    delimiter,
    maxValueChars: limits.maxValueChars,
    expected: null,
    header: true,
    names: null,
    keep: Number.POSITIVE_INFINITY,
  });
  scanner.feed(text);
  if (final) scanner.finish();
  return scanner.out.slice(0, PREVIEW_ROWS + 1);
}

/**
 * The delimiter that splits the header into the most fields while splitting the rows below it into as many:
 * candidates are ranked by the share of the first rows whose field count matches the header's, then by that count.
 * A header no candidate splits is a one-column file, read with ",".
 */
function chooseDelimiter(text: string, limits: IngestLimits, final: boolean): { delimiter: CsvDelimiter; records: CsvRowItem[] } {
  let best: { delimiter: CsvDelimiter; records: CsvRowItem[]; score: number; width: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const records = parse(text, delimiter, limits, final);
    const width = records[0]?.fields?.length ?? 0;
    if (width < 2) continue;
    const rows = records.slice(1);
    const score = rows.length ? rows.filter((r) => r.fields?.length === width).length / rows.length : 1;
    if (!best || score > best.score || (score === best.score && width > best.width)) best = { delimiter, records, score, width };
  }
  return best ?? { delimiter: ",", records: parse(text, ",", limits, final) };
}

function checkHeader(names: string[], limits: IngestLimits): void {
  if (names.length > limits.maxColumns) {
    fail(`The header has ${formatNumber(names.length)} columns; the limit is ${formatNumber(limits.maxColumns)}`);
  }
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    if (!name) {
      errors.push(fileError(`Column ${i + 1} has no name in the header`));
      continue;
    }
    const first = seen.get(name.toLowerCase());
    if (first === undefined) {
      seen.set(name.toLowerCase(), i);
      continue;
    }
    const earlier = names[first]!;
    const same = earlier === name ? `are both named ${JSON.stringify(name)}` : `(${JSON.stringify(earlier)} and ${JSON.stringify(name)}) have the same name ignoring case`;
    errors.push(fileError(`Columns ${first + 1} and ${i + 1} ${same}; column names must be unique`));
  }
  if (errors.length) throw new IngestError(errors);
}

/**
 * Looks at the start of an upload (or all of it, when `final`) and returns how to read it, or throws an IngestError
 * saying why it cannot be read: wrong encoding, binary, empty, a header without rows, or a bad header. A sample
 * that is not `final` may end anywhere, even inside a character or a record; the incomplete end is ignored.
 */
export function sniffCsv(sample: Buffer, opts: { limits: IngestLimits; final: boolean }): CsvSniff {
  const { limits, final } = opts;
  if (sample.length === 0) fail(MESSAGES.empty);
  checkEncoding(sample);
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const body = bom ? sample.subarray(3) : sample;
  if (looksBinary(body)) fail(MESSAGES.binary);

  let text = "";
  try {
    // ignoreBOM: the BOM is already stripped; a second one is content. stream: keeps a character cut at the end.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body, { stream: !final });
  } catch {
    fail(MESSAGES.notUtf8);
  }
  if (text.trim() === "") fail(MESSAGES.empty);
  if (!text.includes("\n") && /\r[^]/.test(text)) fail(MESSAGES.oldMac);

  const { delimiter, records } = chooseDelimiter(text, limits, final);
  const [first, ...rows] = records;
  if (!first) fail(`The header row does not end within the first ${describeBytes(sample.length)} of the file; it is too long, or the file has no line breaks`);
  if (first.error) throw new IngestError({ ...first.error, reason: `the header cannot be read: ${first.error.reason}` });
  const header = first.fields.map((name) => name.trim());
  checkHeader(header, limits);
  if (final && rows.length === 0) fail(MESSAGES.headerOnly);

  const lf = text.indexOf("\n");
  return {
    bom,
    delimiter,
    header,
    previewRows: rows.flatMap((r) => (r.fields && r.fields.length === header.length ? [r.fields] : [])).slice(0, PREVIEW_ROWS),
    lineEnding: lf > 0 && text.charCodeAt(lf - 1) === 13 ? "\r\n" : "\n",
  };
}
