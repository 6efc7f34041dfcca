import type { RowError } from "@/lib/ingest/ingest-error";

/** What the upload API refused, with the rows' errors when the file had invalid rows. */
export type Failure = { message: string; errors: RowError[] };

/** The upload options as the API's query string: the same for the preview, the check and the upload. */
export function optionsQuery(kind: string, mapping: Record<string, string>, constants: Record<string, string>, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({ kind, ...extra });
  for (const [field, column] of Object.entries(mapping)) if (column) q.append("map", `${field}=${column}`);
  for (const [field, value] of Object.entries(constants)) if (value) q.append("set", `${field}=${value}`);
  return q;
}

/** The error body the API answers, read into a Failure. */
export function failureOf(status: number, text: string): Failure {
  if (status === 0) return { message: "The connection was lost; nothing was stored.", errors: [] };
  let body: { error?: { message?: string; details?: { errors?: RowError[] } } } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): the status is all there is to say.
  }
  return { message: body?.error?.message ?? `The server answered ${status}.`, errors: body?.error?.details?.errors ?? [] };
}

/**
 * Posts a file as the request body. XMLHttpRequest rather than fetch: only it reports how much of the body has been
 * sent, which is what the progress bar shows. Resolves with status 0 when the connection was lost.
 */
export function sendFile(url: string, file: File, onBytes: (sent: number) => void): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onloadend = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.send(file);
  });
}
