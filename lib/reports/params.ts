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

const asArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const single = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v === "" ? undefined : v);

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

export function commonToRaw(params: { as_of?: string; where: PropertyFilter[] }): RawParams {
  return { as_of: params.as_of, where: params.where.map(formatFilter) };
}

/** Turns a zod error into one readable sentence per problem, naming the parameter. */
export function describeParamError(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length && !i.message.includes(String(i.path[0])) ? `${i.path.join(".")}: ${i.message}` : i.message)).join(" ");
}
