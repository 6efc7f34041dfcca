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

/**
 * A day of `from` / `to` as a number of days, when it can be told without the project's clock and zone: a date, or
 * `-Nd` counted from an as-of date given as a date (or a date-time without a zone, whose date is the local day).
 */
function dayNumber(day: string, asOf: string | undefined): number | null {
  const relative = /^-(\d+)d$/.exec(day);
  const date = relative ? (asOf && !/(Z|[+-]\d{2}:?\d{2})$/.test(asOf) ? asOf.slice(0, 10) : null) : day;
  if (date === null) return null;
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000 - (relative ? Number(relative[1]) : 0);
}

/**
 * An impossible range of days, as a message naming both values: `from` after `to`, or after the as-of day where the
 * range ends when `to` is not given (the words the reports that check their resolved periods use too). Checked for every report that takes from and to, so that an empty range is
 * refused rather than answered with zeros. A relative day against a date is compared only when the as-of day is
 * known from the parameters themselves (two relative days always are: both count back from the same day).
 */
export function dayRangeProblem(raw: RawParams): string | null {
  const from = single(raw.from) as string | undefined;
  const to = single(raw.to) as string | undefined;
  const asOf = single(raw.as_of) as string | undefined;
  if (!from) return null;
  const bothRelative = !!to && from.startsWith("-") && to.startsWith("-");
  const start = bothRelative ? -Number(from.slice(1, -1)) : dayNumber(from, asOf);
  if (to) {
    const end = bothRelative ? -Number(to.slice(1, -1)) : dayNumber(to, asOf);
    if (start !== null && end !== null && start > end) return `from (${from}) is after to (${to}).`;
    return null;
  }
  const asOfDay = asOf && !/(Z|[+-]\d{2}:?\d{2})$/.test(asOf) ? dayNumber(asOf.slice(0, 10), undefined) : null;
  if (start !== null && asOfDay !== null && start > asOfDay)
    return `from (${from}) is after to (the as-of day, ${asOf!.slice(0, 10)}).`;
  return null;
}

/** Names every report page keeps in its URL for the view alone, besides its own: the sort of each of its tables. */
export const SHARED_VIEW_PARAMETERS = ["sort"] as const;

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
