import { AppError } from "@/lib/errors";

/**
 * One problem found in an uploaded file. `row` is the spreadsheet row number (header = row 1; a record spanning
 * several lines through a quoted line break is one row), `column` the header name, `value` the offending value when
 * it is worth showing. File-level problems have all three null and a full sentence as `reason`.
 */
export type RowError = { row: number | null; column: string | null; value: string | null; reason: string };

/** Longest value quoted back in a message; longer ones are cut with an ellipsis. */
const SHOWN_VALUE_CHARS = 80;

/** A reason starting with one of these is a predicate of the subject before it ("Row 12 has 5 fields"). */
const PREDICATE = /^(is|are|was|were|has|have|does|do|cannot|must|contains|looks|exceeds)\b/;

function shown(value: string): string {
  const cut = value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value;
  return JSON.stringify(cut);
}

/**
 * One sentence for one error. The subject is built from whatever is known ("Row 7", `column "Date"`, the value);
 * a reason that is a predicate follows it with a space, any other reason after a colon:
 *   Row 7, column "InvoiceDate": "31/02/2026 10:00" is not a valid time.
 *   Row 3, column "note": the value is 12,345 characters long; the limit is 10,000.
 *   Row 12 has 5 fields; the header has 4.
 *   The file is empty.
 */
export function formatRowError(error: RowError): string {
  const parts: string[] = [];
  if (error.row !== null) parts.push(`Row ${error.row}`);
  if (error.column !== null) parts.push(parts.length ? `column ${JSON.stringify(error.column)}` : `Column ${JSON.stringify(error.column)}`);
  let subject = parts.join(", ");
  if (error.value !== null) subject = subject ? `${subject}: ${shown(error.value)}` : shown(error.value);
  const reason = error.reason.trim();
  let sentence: string;
  if (!subject) sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  else sentence = PREDICATE.test(reason) ? `${subject} ${reason}` : `${subject}: ${reason}`;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * An upload that cannot be (fully) ingested. It is an AppError with code "invalid", so API routes answer 400 with
 * the message, and `details.errors` carries every error for the upload's error report.
 */
export class IngestError extends AppError {
  readonly errors: RowError[];

  constructor(errors: RowError | RowError[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    const first = list[0];
    if (!first) throw new Error("IngestError needs at least one error");
    const more = list.length - 1;
    const summary = formatRowError(first);
    const message = more ? `${summary.replace(/\.$/, "")} (and ${more} more ${more === 1 ? "error" : "errors"}).` : summary;
    super("invalid", message, { errors: list });
    this.name = "IngestError";
    this.errors = list;
  }
}

/** A file-level error: no row, column or value. */
export function fileError(reason: string): RowError {
  return { row: null, column: null, value: null, reason };
}
