import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { NextRequest } from "next/server";
import { AppError } from "@/lib/errors";
import type { ImportOptionsInput } from "@/lib/ingest/kinds";
import { describeBytes, ingestLimits } from "@/lib/ingest/limits";
import { queryFlag, uploadOptionsFromQuery, withFormFields } from "@/lib/ingest/query-options";
import { readMultipartFile } from "./multipart-file";

/**
 * An upload request's file and options. The file comes either as the raw body (text/csv…, options in the query
 * string) or as the part "file" of a multipart/form-data body (options in the query string or as fields before
 * the file). Either way the file is a stream, never read whole.
 */
export type UploadRequest = {
  fileName: string;
  options: ImportOptionsInput;
  dryRun: boolean;
  stream: AsyncIterable<Uint8Array>;
  /** Lets go of the body once the upload is over, whether or not the file was read to its end. */
  close(): void;
};

const RAW_TYPES = /^(text\/csv|text\/plain|application\/octet-stream|text\/tab-separated-values)\b/i;
const MULTIPART = /^multipart\/form-data\b/i;
const FILE_PART = "file";
const DEFAULT_FILE_NAME = "api-upload.csv";

export async function readUploadRequest(req: NextRequest): Promise<UploadRequest> {
  const type = req.headers.get("content-type") ?? "";
  const multipart = MULTIPART.test(type);
  if (!multipart && !RAW_TYPES.test(type))
    throw new AppError("unsupported", `Send the CSV file as the request body with Content-Type: text/csv, or as the part "${FILE_PART}" of a multipart/form-data body.`);
  const limits = ingestLimits();
  // A multipart body is a little larger than its file; the file's own size is checked again while it is read.
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > limits.maxBytes) throw new AppError("too_large", `The file is larger than ${describeBytes(limits.maxBytes)}, the upload limit.`);
  if (!req.body) throw new AppError("invalid", "The request has no body: send the CSV file as the body.");
  const body = Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);
  // An import that stops early (a bad mapping, invalid rows) leaves the rest of the body unread: it is read and
  // dropped, never destroyed, as destroying a request's body resets the connection before the answer is sent.
  if (!multipart) return { ...paramsOf(req.nextUrl.searchParams, undefined), stream: body, close: () => body.resume() };

  const form = await readMultipartFile(type, body, FILE_PART);
  try {
    return { ...paramsOf(withFormFields(req.nextUrl.searchParams, form.fields), form.fileName), stream: form.content, close: form.close };
  } catch (error) {
    form.close();
    throw error;
  }
}

/** `file_name` wins over the file part's own name: it is how a caller names the upload on purpose. */
function paramsOf(params: URLSearchParams, partFileName: string | undefined) {
  return {
    fileName: params.get("file_name") ?? partFileName ?? DEFAULT_FILE_NAME,
    options: uploadOptionsFromQuery(params),
    dryRun: queryFlag(params, "dry_run"),
  };
}
