import { AppError } from "@/lib/errors";
import type { ImportOptionsInput } from "./kinds";

/** A yes/no parameter: `1`, `true` or `yes` (any case) is yes, anything else or nothing is no. */
export function queryFlag(search: URLSearchParams, name: string) {
  return ["1", "true", "yes"].includes((search.get(name) ?? "").toLowerCase());
}

/** Upload options from a query string: the CLI's flags, with repeated `map=field=Column` and `set=field=value`. */
export function uploadOptionsFromQuery(search: URLSearchParams): ImportOptionsInput {
  const pairs = (name: string) => {
    const out: Record<string, string> = {};
    for (const pair of search.getAll(name)) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new AppError("invalid", `${name} takes field=value, e.g. ${name}=${name === "map" ? "person=CustomerID" : "name=purchase"}.`);
      out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
    }
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
