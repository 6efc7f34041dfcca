import { env } from "@/lib/env";

/** Limits on uploaded CSV files, from the settings (lib/env.ts). */
export type IngestLimits = {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Most columns a header may have. */
  maxColumns: number;
  /** Longest value, in characters (Unicode code points). */
  maxValueChars: number;
  /** Most data rows (the header not included). */
  maxRows: number;
};

/** The upload limits, read on each upload, so a changed setting applies at once; `source` is for tests. */
export function ingestLimits(source?: Record<string, string | undefined>): IngestLimits {
  const settings = env(source);
  return Object.freeze({
    maxBytes: settings.JOURNEYLENS_UPLOAD_MAX_BYTES,
    maxColumns: settings.JOURNEYLENS_UPLOAD_MAX_COLUMNS,
    maxValueChars: settings.JOURNEYLENS_UPLOAD_MAX_VALUE_CHARS,
    maxRows: settings.JOURNEYLENS_UPLOAD_MAX_ROWS,
  });
}

/** A byte count for messages: "5 GiB", "300 MiB", "12 KiB", "900 bytes". */
export function describeBytes(bytes: number): string {
  const units = ["GiB", "MiB", "KiB"] as const;
  for (let i = 0; i < units.length; i++) {
    const size = 1024 ** (units.length - i);
    if (bytes >= size) {
      const amount = bytes / size;
      return `${Number.isInteger(amount) ? amount : amount.toFixed(1)} ${units[i]}`;
    }
  }
  return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
}
