import { closest as closestMatch, distance } from "fastest-levenshtein";
import { z } from "zod";
import { filtersField, formatFilter, type PropertyFilter } from "./filters";

/**
 * The report-definition format's URL side. Every report's parameters arrive as a flat record of strings (a URL's
 * search params, the API's query string, the CLI's `--name value` flags) and go through the report's zod schema.
 * Repeated names (`where`) become arrays.
 */
export type RawParams = Record<string, string | string[] | undefined>;

export function rawFromSearchParams(search: URLSearchParams): RawParams {
  const out: RawParams = {};
  for (const key of new Set(search.keys())) {
    const all = search.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

export function searchParamsFromRaw(raw: RawParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === "") continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  return search;
}

/** A repeated parameter's values; a single one as a list of one. */
export const asArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** A parameter given once: the last of repeated values wins, and an empty value is no value. */
export const single = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v === "" ? undefined : v);

/** `YYYY-MM-DD`, a date-time with a zone (`…Z`, `…+02:00`), or a date-time without one (read in the project's zone). */
const AS_OF = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** A day: `YYYY-MM-DD`, or `-Nd`, N days before the as-of day. */
const DAY = /^(\d{4}-\d{2}-\d{2}|-\d{1,5}d)$/;

export const asOfField = z.preprocess(
  single,
  z
    .string()
    .regex(AS_OF, "as_of is a date (2026-06-30) or a date-time (2026-06-30T18:00:00Z).")
    .refine((s) => !Number.isNaN(Date.parse(s.slice(0, 10))), "as_of is not a real date.")
    .optional(),
);

export const dayField = (name: string) =>
  z.preprocess(
    single,
    z
      .string()
      .regex(DAY, `${name} is a date (2026-01-31) or a number of days before as_of (-30d).`)
      .refine((s) => s.startsWith("-") || !Number.isNaN(Date.parse(s)), `${name} is not a real date.`)
      .optional(),
  );

export const whereField = z.preprocess(asArray, filtersField);

/** Parameters every report takes. */
export const commonParams = {
  as_of: asOfField,
  where: whereField,
};

/**
 * Strict parameters: a name the report does not read is refused, naming it, the closest valid name and all of them,
 * so that a typo (`perods=6`) is never answered with the defaults as if it had been read.
 */
export function unknownParameter(raw: RawParams, valid: readonly string[]): string | null {
  const unknown = Object.keys(raw).filter((name) => raw[name] !== undefined && !valid.includes(name));
  if (!unknown.length) return null;
  const name = unknown[0]!;
  const near = closest(name, valid);
  return `Unknown parameter "${name}".${near ? ` Did you mean "${near}"?` : ""} Valid parameters: ${valid.join(", ")}.`;
}

/** The candidate nearest to `word` by edit distance, when near enough to be a typo of it. */
export function closest(word: string, candidates: readonly string[]): string | null {
  if (!candidates.length) return null;
  const lower = candidates.map((c) => c.toLowerCase());
  const near = closestMatch(word.toLowerCase(), lower);
  return distance(word.toLowerCase(), near) <= Math.max(2, Math.floor(word.length / 3)) ? candidates[lower.indexOf(near)]! : null;
}

export function commonToRaw(params: { as_of?: string; where: PropertyFilter[] }): RawParams {
  return { as_of: params.as_of, where: params.where.map(formatFilter) };
}

/** Turns a zod error into one readable sentence per problem, naming the parameter. */
export function describeParamError(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length && !i.message.includes(String(i.path[0])) ? `${i.path.join(".")}: ${i.message}` : i.message)).join(" ");
}

/** A report view written as its URL's tail, `<kind>?<params>` (`retention?period=week&where=…`): its kind and parameters. */
export function parseReportSpec(spec: string): { kind: string; params: RawParams } {
  const at = spec.indexOf("?");
  return at < 0 ? { kind: spec.trim(), params: {} } : { kind: spec.slice(0, at).trim(), params: rawFromSearchParams(new URLSearchParams(spec.slice(at + 1))) };
}
