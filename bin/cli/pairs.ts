import { UsageError, type ParsedArgs } from "./args";

/** `--map field=Column` and `--set field=value` pairs into a record. */
export function pairs(args: ParsedArgs, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of args.options[name] ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--${name} takes field=value, e.g. --${name} ${name === "map" ? "person=CustomerID" : "name=purchase"}`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}
