import "server-only";
import { AppError } from "@/lib/errors";
import { raw, type Sql } from "@/lib/db/sql";
import { projectEventsTable } from "@/lib/ingest/event-segment";

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

/**
 * A project's own events table (the partition of `events` that holds them, checked to be named by a project id).
 * Read directly, a statement needs no condition on the project, so the planner can answer it from an index alone:
 * the condition `project_id = …` on `events` is kept on every partition's scan and sends it to the table's rows.
 */
export function projectEvents(projectId: string): Sql {
  return raw(`"${projectEventsTable(projectId)}"`);
}
