import type { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "@/lib/errors";

/**
 * A multipart/form-data body with one file, read as a stream: the text fields sent before the file, and the file's
 * bytes as they arrive. Nothing is held whole, so a file of several GB passes through in small pieces.
 *
 * The file's stream ends only once the whole body has been read, and fails if the body turns out wrong after the
 * file (a field after it, a second file, a broken ending). A consumer that commits only after reading to the end —
 * the import does — therefore never commits a request that is refused.
 */
export type MultipartFile = {
  /** Text fields before the file part, in order. */
  fields: [name: string, value: string][];
  /** The file part's filename, when it has one. */
  fileName: string | undefined;
  content: AsyncIterable<Uint8Array>;
  /** Lets go of the body (what is left is read and dropped); call it once the upload is over, read or not. */
  close(): void;
};

/** A field value longer than this is refused: options are short, and only the file may be large. */
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 500;

const BUSBOY_REASONS: Record<string, string> = {
  "Unexpected end of form": "it ends before its closing boundary",
  "Unexpected end of file": "it ends in the middle of the file part",
  "Malformed part header": "a part's header cannot be read",
  "Multipart: Boundary not found": "its Content-Type has no boundary",
  "Malformed content type": "its Content-Type cannot be read",
};

function malformed(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const reason = BUSBOY_REASONS[message] ?? `it cannot be read (${message})`;
  return new AppError("invalid", `The multipart/form-data body is malformed: ${reason}.`);
}

/**
 * Starts reading `body` and resolves once the part named `fileField` begins, with the fields before it. Rejects,
 * having let go of the body, for a malformed body, a field that is too long, a file part of another name, or a body
 * without that part.
 */
export function readMultipartFile(contentType: string, body: Readable, fileField: string): Promise<MultipartFile> {
  // What is left of a refused body is read and dropped rather than destroyed: destroying a request's body before its
  // end resets the connection, and the client would never see the answer saying what was wrong.
  const drain = () => body.resume();
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, limits: { fieldSize: MAX_FIELD_BYTES, fields: MAX_FIELDS } });
  } catch (error) {
    drain();
    return Promise.reject(malformed(error));
  }
  const close = () => {
    body.unpipe(parser);
    drain();
    if (!parser.destroyed) parser.destroy();
  };
  // Settles with null once busboy has read the whole body, else with the reason it could not.
  const parsed = new Promise<AppError | null>((settle) => {
    parser.on("finish", () => settle(null));
    parser.on("error", (error) => settle(malformed(error)));
    parser.on("close", () => settle(new AppError("invalid", "The multipart/form-data body was not read to its end.")));
  });
  body.on("error", (error) => parser.destroy(error));
  body.pipe(parser);

  return new Promise<MultipartFile>((resolve, reject) => {
    const fields: [string, string][] = [];
    let started = false;
    /** The first problem found after the file part began: the file's stream fails with it at its end. */
    let late: AppError | null = null;
    const refuse = (message: string) => {
      const error = new AppError("invalid", message);
      if (started) late ??= error;
      else {
        reject(error);
        close();
      }
    };

    parser.on("field", (name, value, info) => {
      if (started) refuse(`The form field "${name}" comes after the file; send the options before the "${fileField}" part, or in the query string.`);
      else if (info.valueTruncated) refuse(`The form field "${name}" is longer than ${MAX_FIELD_BYTES / 1024} KiB.`);
      else if (name === fileField) refuse(`The form field "${fileField}" is text; send the file as a file part (with a filename) named "${fileField}".`);
      else fields.push([name, value]);
    });
    parser.on("fieldsLimit", () => refuse(`The form has more than ${MAX_FIELDS} fields.`));
    parser.on("file", (name, stream, info) => {
      // A file stream failing when nobody reads it (a refused upload, a body cut short) must not become an unhandled
      // 'error' event that ends the process; a reader still gets the error through its iteration.
      stream.on("error", () => {});
      if (started || name !== fileField) {
        stream.resume();
        if (started) refuse(`The form has a second file (part "${name}"); send one file per upload.`);
        else refuse(`The form's file part is named "${name}"; name it "${fileField}".`);
        return;
      }
      started = true;
      async function* content() {
        try {
          for await (const chunk of stream) yield chunk as Buffer;
        } catch (error) {
          throw malformed(error);
        }
        const error = (await parsed) ?? late;
        if (error) throw error;
      }
      resolve({ fields, fileName: info.filename || undefined, content: content(), close });
    });

    void parsed.then((error) => {
      if (started) return;
      if (error) reject(error);
      else reject(new AppError("invalid", `The form has no file part named "${fileField}"; send the CSV file in a part named "${fileField}".`));
      close();
    });
  });
}
