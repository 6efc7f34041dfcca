import { StringDecoder } from "node:string_decoder";
import { formatNumber } from "@/lib/format";
import { CsvScanner, type CsvDelimiter, type CsvRowItem } from "./csv-scanner";
import { IngestError, fileError } from "./ingest-error";
import { describeBytes, type IngestLimits } from "./limits";

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
