import "server-only";
import { AppError } from "@/lib/errors";
import { raw, type Sql } from "@/lib/db/sql";

/**
 * The one way SQL text that is not a bound value enters a report statement: looked up by name in a constant table
 * (a Map, so that `constructor` or `toString` are unknown names rather than Object's own members). An unknown name is
 * the caller's mistake and answers 400, naming it and the known ones.
 */
export function fromTable(table: ReadonlyMap<string, string>, name: string, what: string): Sql {
  const text = table.get(name);
  if (text === undefined) throw new AppError("invalid", `Unknown ${what} "${name}". Known: ${[...table.keys()].join(", ")}.`);
  return raw(text);
}

/** The same lookup where a missing name has a meaning of its own (a property in the JSON bag, not a column). */
export function maybeFromTable(table: ReadonlyMap<string, string>, name: string): Sql | undefined {
  const text = table.get(name);
  return text === undefined ? undefined : raw(text);
}
