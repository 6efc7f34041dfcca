import { formatNumber } from "@/lib/format";
import type { RowError } from "./ingest-error";

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
