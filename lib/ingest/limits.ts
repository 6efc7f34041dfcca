/**
 * Limits on uploaded CSV files. Each is read from the environment once, with a default; an invalid value is a
 * configuration mistake and throws rather than silently falling back to the default.
 */
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

const VARIABLES: Record<keyof IngestLimits, { name: string; fallback: number }> = {
  maxBytes: { name: "JOURNEYLENS_UPLOAD_MAX_BYTES", fallback: 5 * 1024 ** 3 },
  maxColumns: { name: "JOURNEYLENS_UPLOAD_MAX_COLUMNS", fallback: 200 },
  maxValueChars: { name: "JOURNEYLENS_UPLOAD_MAX_VALUE_CHARS", fallback: 10_000 },
  maxRows: { name: "JOURNEYLENS_UPLOAD_MAX_ROWS", fallback: 100_000_000 },
};

function readLimit(env: Record<string, string | undefined>, key: keyof IngestLimits): number {
  const { name, fallback } = VARIABLES[key];
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  // Underscores are allowed as digit separators so that 5_368_709_120 can be written readably.
  const value = /^\d[\d_]*$/.test(raw) ? Number(raw.replaceAll("_", "")) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(raw)}`);
  return value;
}

function readLimits(env: Record<string, string | undefined>): IngestLimits {
  return Object.freeze({
    maxBytes: readLimit(env, "maxBytes"),
    maxColumns: readLimit(env, "maxColumns"),
    maxValueChars: readLimit(env, "maxValueChars"),
    maxRows: readLimit(env, "maxRows"),
  });
}

/** The upload limits, read from `env` (process.env by default) on each upload, so a changed setting applies at once. */
export function ingestLimits(env: Record<string, string | undefined> = process.env): IngestLimits {
  return readLimits(env);
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
