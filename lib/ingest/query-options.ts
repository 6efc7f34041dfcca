import { AppError } from "@/lib/errors";
import type { ImportOptionsInput } from "./kinds";

/** The parameters of an upload request, as query-string names or form fields: the CLI's flags. */
const UPLOAD_PARAMS = ["kind", "map", "set", "separator", "skip_invalid", "force", "date_order", "file_name", "dry_run"];
/** Given once per field they name: `map=person=CustomerID&map=time=InvoiceDate`. */
const PAIRED = new Set(["map", "set"]);

/** The field a `field=value` pair names; refuses a pair without one. */
function pairField(name: string, pair: string) {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new AppError("invalid", `${name} takes field=value, e.g. ${name}=${name === "map" ? "person=CustomerID" : "name=purchase"}.`);
  return pair.slice(0, eq).trim();
}

/** A yes/no parameter: `1`, `true` or `yes` (any case) is yes, anything else or nothing is no. */
export function queryFlag(search: URLSearchParams, name: string) {
  return ["1", "true", "yes"].includes((search.get(name) ?? "").toLowerCase());
}

/** Upload options from a query string: the CLI's flags, with repeated `map=field=Column` and `set=field=value`. */
export function uploadOptionsFromQuery(search: URLSearchParams): ImportOptionsInput {
  const pairs = (name: string) => {
    const out: Record<string, string> = {};
    for (const pair of search.getAll(name)) out[pairField(name, pair)] = pair.slice(pair.indexOf("=") + 1);
    return out;
  };
  return {
    kind: (search.get("kind") ?? "") as ImportOptionsInput["kind"],
    map: pairs("map"),
    set: pairs("set"),
    separator: search.get("separator") ?? undefined,
    skipInvalid: queryFlag(search, "skip_invalid"),
    force: queryFlag(search, "force"),
    dateOrder: (search.get("date_order") ?? "auto") as ImportOptionsInput["dateOrder"],
  };
}

/**
 * The query string with a multipart form's fields added, so both are read as one. An option may come from either
 * place but not from both: two values for one option would leave the caller guessing which one counted, so such a
 * clash is refused, as is an option given twice in the form, or a field that is no option.
 */
export function withFormFields(query: URLSearchParams, fields: [name: string, value: string][]): URLSearchParams {
  const merged = new URLSearchParams(query);
  const fromForm = new Set<string>();
  for (const [name, value] of fields) {
    if (!UPLOAD_PARAMS.includes(name))
      throw new AppError("invalid", `The form field "${name}" is not an upload option; the options are ${UPLOAD_PARAMS.join(", ")}, and the file goes in the part "file".`);
    const field = PAIRED.has(name) ? pairField(name, value) : null;
    const key = field === null ? name : `${name} ${field}`;
    const what = field === null ? `"${name}"` : `"${name}" for the field "${field}"`;
    if (fromForm.has(key)) throw new AppError("invalid", `The form gives ${what} twice; give it once.`);
    const inQuery = field === null ? query.has(name) : query.getAll(name).some((pair) => pairField(name, pair) === field);
    if (inQuery) throw new AppError("invalid", `The option ${what} is given both in the query string and as a form field; give it in one place.`);
    fromForm.add(key);
    merged.append(name, value);
  }
  return merged;
}
