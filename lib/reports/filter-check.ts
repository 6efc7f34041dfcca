import { asArray, type RawParams } from "./params";
import { parseFilter } from "./filters";
import { unknownProperty, type PropertyNames } from "./vocabulary";

/** The parameters that hold property filters, one filter a value; `step_where` prefixes each with its step (`2:…`). */
export const FILTER_PARAMETERS = ["where", "cohort_where", "return_where", "purchase_where", "step_where"] as const;

const STEP_PREFIX = /^\s*\d+\s*:/;

/**
 * What is wrong with one filter as written, or null when it reads and names a property the project has: the
 * parse and the name check the data layer makes before a run, so that a page can set a bad filter aside and say why
 * next to it rather than replace the whole report with the error.
 */
export function filterProblem(text: string, parameter: string, vocabulary: PropertyNames): string | null {
  const clause = parameter === "step_where" ? text.replace(STEP_PREFIX, "") : text;
  if (!clause.trim()) return null;
  try {
    const filter = parseFilter(clause);
    const unknown = unknownProperty([{ parameter, scope: filter.scope, property: filter.property }], vocabulary);
    return unknown && unknown.replace(`${parameter}: `, "");
  } catch (e) {
    return `${(e as Error).message}.`;
  }
}

/** A filter set aside, with the parameter it came in and why. */
export type RejectedFilter = { parameter: string; text: string; message: string };

/** The parameters with every bad filter left out, and those left out: a page runs the first and marks the second. */
export function setAsideBadFilters(raw: RawParams, vocabulary: PropertyNames): { runnable: RawParams; rejected: RejectedFilter[] } {
  const runnable: RawParams = { ...raw };
  const rejected: RejectedFilter[] = [];
  for (const parameter of FILTER_PARAMETERS) {
    if (raw[parameter] === undefined) continue;
    const kept: string[] = [];
    for (const text of asArray(raw[parameter]) as string[]) {
      const message = filterProblem(text, parameter, vocabulary);
      if (message) rejected.push({ parameter, text, message });
      else kept.push(text);
    }
    runnable[parameter] = kept;
  }
  return { runnable, rejected };
}
