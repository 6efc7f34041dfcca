import type { ImportOptionsInput } from "@/lib/ingest/kinds";
import { option, requireOption, UsageError, type ParsedArgs } from "./args";

/** `--map field=Column` and `--set field=value` pairs into a record. */
function pairs(args: ParsedArgs, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of args.options[name] ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--${name} takes field=value, e.g. --${name} ${name === "map" ? "person=CustomerID" : "name=purchase"}`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}

/** The upload options shared by `import` and `source add`: --as, --map, --set, --separator, --skip-invalid, --date-order, --force. */
export function importOptionsFromArgs(args: ParsedArgs): ImportOptionsInput {
  return {
    kind: requireOption(args, "as") as ImportOptionsInput["kind"],
    map: pairs(args, "map"),
    set: pairs(args, "set"),
    separator: option(args, "separator"),
    skipInvalid: option(args, "skip_invalid") === "true",
    force: option(args, "force") === "true",
    dateOrder: (option(args, "date_order") ?? "auto") as ImportOptionsInput["dateOrder"],
  };
}
