import { StringDecoder } from "node:string_decoder";
import { formatNumber } from "@/lib/format";
import { IngestError, fileError, type RowError } from "./ingest-error";
import { describeBytes, type IngestLimits } from "./limits";

export type CsvDelimiter = "," | ";" | "\t";

/** One record: its fields, or the first structural problem found in it (the caller skips the row or aborts). */
export type CsvRowItem = { row: number; fields: string[]; error?: undefined } | { row: number; error: RowError; fields?: undefined };

const QUOTE = 34, LF = 10, CR = 13, SPACE = 32, TAB = 9, NUL = 0;
// "Bad" characters are NUL, which PostgreSQL text cannot hold, and U+FFFD, which the decoder puts in place of bytes
// that are not UTF-8.
// Scanner states: at a field's start, in an unquoted field, in a quoted one, just after a quote that ended a chunk,
// after a closing quote, in spaces at a field's start (which may turn out to precede an opening quote).
const START = 0, UNQUOTED = 1, QUOTED = 2, QUOTE_AT_END = 3, AFTER_QUOTE = 4, SPACES = 5;

type ScannerOptions = {
  delimiter: CsvDelimiter;
  maxValueChars: number;
  expected: number | null; // fields every record must have; null checks nothing (sniffing)
  header: boolean; // the first non-blank record is the header, exempt from `expected`
  names: readonly string[] | null; // column names for errors
  keep: number; // fields kept per record; later ones are only counted, so a runaway record cannot grow memory
};

/** Characters as a person counts them: a surrogate pair (an emoji, say) is one. */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i), p = text.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff) n--;
  }
  return n;
}

/** Index of `ch` at or after `from`, or the string's length when there is none. */
function find(s: string, ch: string, from: number): number {
  const i = s.indexOf(ch, from);
  return i < 0 ? s.length : i;
}

const isBlank = (text: string) => /^[ \t]*$/.test(text);

/**
 * Synchronous, resumable RFC 4180 scanner over decoded text: `feed` it pieces in order, `finish` at the end, and
 * collect records from `out`. It never rescans: a field split across pieces is carried in `acc`. Fields are found
 * with indexOf and sliced, so a typical unquoted field costs one indexOf call and one slice.
 */
export class CsvScanner {
  readonly out: CsvRowItem[] = [];
  private readonly dcode: number;
  private readonly max: number;
  /** Past twice the limit in UTF-16 units a value is over it in code points for certain, so it is no longer kept. */
  private readonly cap: number;
  private state = START;
  private acc = ""; // the current field so far, when it spans pieces
  private units = 0; // its length in UTF-16 units
  private dropped = -1; // its length in code points once too long to keep, else -1
  private quoted = false;
  private firstQuoted = false;
  private fields: string[] = [];
  private count = 0;
  private error: RowError | null = null;
  private row = 1;
  private headerPending: boolean;

  constructor(private readonly o: ScannerOptions) {
    this.dcode = o.delimiter.charCodeAt(0);
    this.max = o.maxValueChars;
    this.cap = o.maxValueChars * 2;
    this.headerPending = o.header;
  }

  feed(s: string): void {
    const n = s.length, dc = this.o.delimiter, dcode = this.dcode;
    // Next delimiter, line feed, quote, NUL and U+FFFD at or after pos (n when none); each recomputed once passed,
    // so every character is searched over once per kind, even in a piece full of bad bytes.
    let pos = 0, nd = -1, nl = -1, nq = -1, nz = -1, nr = -1, bad = -1;
    const nextBad = () => {
      if (nz < pos) nz = find(s, "\0", pos);
      if (nr < pos) nr = find(s, "\uFFFD", pos);
      return nz < nr ? nz : nr;
    };
    while (pos < n) {
      switch (this.state) {
        case START: {
          const c = s.charCodeAt(pos);
          this.quoted = c === QUOTE;
          if (c === QUOTE) pos++;
          this.state = c === QUOTE ? QUOTED : c === SPACE || (c === TAB && dcode !== TAB) ? SPACES : UNQUOTED;
          break;
        }
        case SPACES: {
          let p = pos;
          for (let c = s.charCodeAt(p); p < n && (c === SPACE || (c === TAB && dcode !== TAB)); c = s.charCodeAt(++p));
          if (p < n && s.charCodeAt(p) === QUOTE) {
            this.clear();
            this.quoted = true;
            this.state = QUOTED;
            pos = p + 1;
          } else {
            this.append(s.slice(pos, p));
            pos = p;
            if (p < n) this.state = UNQUOTED;
          }
          break;
        }
        case UNQUOTED: {
          if (nd < pos) nd = find(s, dc, pos);
          if (nl < pos) nl = find(s, "\n", pos);
          if (bad < pos) bad = nextBad();
          const e = nd < nl ? nd : nl;
          if (bad < e) this.badChar(s.charCodeAt(bad));
          if (e === n) {
            this.append(s.slice(pos));
            pos = n;
            break;
          }
          const end = e === nl && e > pos && s.charCodeAt(e - 1) === CR ? e - 1 : e;
          let value = s.slice(pos, end);
          if (this.units > 0) {
            this.append(value);
            value = this.acc;
            // A CR that ended the previous piece, right before this LF.
            if (e === nl && end === e && value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1);
          }
          this.field(value);
          pos = e + 1;
          this.state = START;
          if (e === nl) this.record();
          break;
        }
        case QUOTED: {
          if (nq < pos) nq = find(s, '"', pos);
          if (bad < pos) bad = nextBad();
          if (bad < nq) this.badChar(s.charCodeAt(bad));
          if (nq === n) {
            this.append(s.slice(pos));
            pos = n;
          } else if (nq + 1 < n && s.charCodeAt(nq + 1) === QUOTE) {
            this.append(s.slice(pos, nq + 1));
            pos = nq + 2;
          } else {
            this.append(s.slice(pos, nq));
            pos = nq + 1;
            this.state = pos < n ? AFTER_QUOTE : QUOTE_AT_END;
          }
          break;
        }
        case QUOTE_AT_END:
          if (s.charCodeAt(pos) === QUOTE) {
            this.append('"');
            pos++;
            this.state = QUOTED;
          } else this.state = AFTER_QUOTE;
          break;
        case AFTER_QUOTE: {
          const c = s.charCodeAt(pos);
          if (c === dcode || c === LF) {
            this.field(this.acc);
            pos++;
            this.state = START;
            if (c === LF) this.record();
          } else if (c === CR || c === SPACE || c === TAB) pos++;
          else {
            this.fail(this.count, 'a closing quote is followed by other text; a quote inside a quoted value must be doubled ("")');
            this.state = UNQUOTED;
          }
          break;
        }
      }
    }
  }

  /** Ends the input: completes a last record that has no final newline, or reports an unclosed quote. */
  finish(): void {
    const state = this.state;
    this.state = START;
    if (state === QUOTED) {
      this.error = { row: this.row, column: null, value: null, reason: "a quoted field is not closed before the end of the file" };
      this.field("");
    } else if (state === UNQUOTED) {
      const value = this.acc;
      this.field(value.charCodeAt(value.length - 1) === CR ? value.slice(0, -1) : value);
    } else if (state !== START || this.count > 0) this.field(this.acc);
    else return;
    this.record();
  }

  private append(piece: string): void {
    if (this.dropped >= 0) {
      this.dropped += codePoints(piece);
      return;
    }
    this.units += piece.length;
    if (this.units > this.cap) {
      this.dropped = codePoints(this.acc) + codePoints(piece);
      this.acc = "";
    } else this.acc = this.acc.length ? this.acc + piece : piece;
  }

  private field(value: string): void {
    const i = this.count++;
    if ((this.dropped >= 0 || value.length > this.max) && this.error === null) {
      const chars = this.dropped >= 0 ? this.dropped : codePoints(value);
      if (chars > this.max) this.fail(i, `the value is ${formatNumber(chars)} characters long; the limit is ${formatNumber(this.max)}`);
    }
    if (i === 0) this.firstQuoted = this.quoted;
    if (i < this.o.keep) this.fields.push(value);
    if (this.units > 0) this.clear();
  }

  private clear(): void {
    this.acc = "";
    this.units = 0;
    this.dropped = -1;
  }

  private record(): void {
    const row = this.row++;
    const { count, error, fields } = this;
    this.fields = [];
    this.count = 0;
    this.error = null;
    // Blank lines (nothing, or only spaces and tabs) are skipped but keep their row number, as in a spreadsheet.
    if (count === 1 && !this.firstQuoted && error === null && isBlank(fields[0] ?? "")) return;
    const expected = this.headerPending ? null : this.o.expected;
    this.headerPending = false;
    if (error) this.out.push({ row, error });
    else if (expected !== null && count !== expected) {
      const reason = `has ${formatNumber(count)} ${count === 1 ? "field" : "fields"}; the header has ${formatNumber(expected)}`;
      this.out.push({ row, error: { row, column: null, value: null, reason } });
    } else this.out.push({ row, fields });
  }

  private fail(index: number, reason: string): void {
    this.error ??= { row: this.row, column: this.o.names?.[index] ?? null, value: null, reason };
  }

  private badChar(c: number): void {
    const reason = c === NUL ? "a NUL byte, which text cannot hold" : "bytes that are not valid UTF-8; save the file as CSV UTF-8";
    this.fail(this.count, `the value contains ${reason}`);
  }
}

export type ReadCsvOptions = {
  delimiter: CsvDelimiter;
  limits: IngestLimits;
  /** The header found by sniffCsv (names trimmed); the file's first record must be exactly this after trimming. */
  header: readonly string[];
  /** Fields per record; must equal header.length. */
  expectedColumns: number;
  /** Called after each chunk with the total number of bytes read so far. */
  onBytes?: (totalBytes: number) => void;
};

/**
 * Streams the data rows of a CSV file. The header record is read and compared with `opts.header`; a mismatch, a
 * malformed header, an empty file, or going over the byte or row limit throws an IngestError. Problems in a data
 * row are yielded as `{ row, error }` (one per row, the first found), so the caller chooses to skip or abort.
 * Memory stays bounded by the chunk size plus one record of at most `expectedColumns` values.
 *
 * How the file is read:
 * - Rows are numbered as a spreadsheet shows them: the header is row 1 and a record with quoted line breaks is one
 *   row. Blank lines (empty, or only spaces and tabs) yield nothing but keep their number, as they would in Excel.
 *   A line of delimiters only (",,,") is a row of empty values.
 * - Records end with LF or CRLF, mixed freely; the last may lack one. A lone CR is kept as part of the value.
 * - A quote opens a quoted field only as its first character (after optional spaces, which are then dropped). A
 *   quote elsewhere in an unquoted field is kept literally, as Excel and Python's csv module do.
 * - Spaces and tabs between a closing quote and the delimiter are ignored; any other text there is an error, since
 *   it nearly always means a quote inside the value was not doubled. Unquoted values keep their spaces.
 * - Errors: wrong field count, a value over maxValueChars (counted in code points), a NUL byte, bytes that are not
 *   UTF-8 (found as U+FFFD after decoding, so a literal U+FFFD in the file is reported too), text after a closing
 *   quote, and a quote still open at the end of the file (reported on the row where the record starts).
 */
export async function* readCsvRows(source: AsyncIterable<Uint8Array>, opts: ReadCsvOptions): AsyncGenerator<CsvRowItem> {
  for await (const batch of readCsvBatches(source, opts)) for (const item of batch) yield item;
}

/** The same rows, a batch per chunk read: one await per chunk instead of one per row, for the import's hot loop. */
export async function* readCsvBatches(source: AsyncIterable<Uint8Array>, opts: ReadCsvOptions): AsyncGenerator<CsvRowItem[]> {
  const { limits, header, expectedColumns } = opts;
  if (header.length !== expectedColumns) throw new Error(`readCsvRows: header has ${header.length} names for ${expectedColumns} columns`);
  const { delimiter, onBytes } = opts;
  const scanner = new CsvScanner({ delimiter, maxValueChars: limits.maxValueChars, expected: expectedColumns, header: true, names: header, keep: expectedColumns + 1 });
  const decoder = new StringDecoder("utf8");
  let bytes = 0, started = false, headerRead = false, dataRows = 0;

  const feed = (text: string) => {
    if (!started && text.length > 0) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    scanner.feed(text);
  };

  // Yields are written out in this generator: delegating with yield* to a sync generator costs an extra await per row.
  const take = (): CsvRowItem[] => {
    const out = scanner.out.splice(0);
    if (!headerRead && out.length > 0) {
      headerRead = true;
      checkHeader(out.shift()!, header);
    }
    dataRows += out.length;
    if (dataRows > limits.maxRows) throw new IngestError(fileError(`The file has more than ${formatNumber(limits.maxRows)} rows, the upload limit`));
    return out;
  };

  for await (const chunk of source) {
    bytes += chunk.byteLength;
    if (bytes > limits.maxBytes) throw new IngestError(fileError(`The file is larger than ${describeBytes(limits.maxBytes)}, the upload limit`));
    feed(decoder.write(chunk));
    onBytes?.(bytes);
    const batch = take();
    if (batch.length) yield batch;
  }
  feed(decoder.end());
  scanner.finish();
  const last = take();
  if (last.length) yield last;
  if (!headerRead) throw new IngestError(fileError("The file is empty"));
  if (dataRows === 0) throw new IngestError(fileError("The file has a header but no rows"));
}

function checkHeader(item: CsvRowItem, expected: readonly string[]): void {
  if (item.error) throw new IngestError({ ...item.error, column: null, reason: `the header cannot be read: ${item.error.reason}` });
  const names = item.fields.map((f) => f.trim());
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) {
    throw new IngestError({
      row: item.row,
      column: null,
      value: null,
      reason: `the header (${names.slice(0, expected.length + 1).join(", ")}) is not the one that was checked (${expected.join(", ")})`,
    });
  }
}
