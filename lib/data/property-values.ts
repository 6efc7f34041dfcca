import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readFilterExamples, readPropertyValues, type PropertyValues } from "@/lib/reports/property-values";
import { readPropertyNames } from "@/lib/reports/rollups/property-keys";
import { unknownProperty } from "@/lib/reports/vocabulary";
import { outOfScope, requirePermission, type Actor } from "./actor";
import { getProject } from "./projects";

const valuesQuery = z.object({
  scope: z.enum(["event", "person"], { message: "scope is event or person." }),
  property: z.string().min(1, "property is required."),
  search: z.string().max(200, "search is at most 200 characters.").default(""),
  limit: z.coerce.number().int().min(1, "limit is at least 1.").max(100, "limit is at most 100.").default(20),
});
export type PropertyValuesQuery = z.input<typeof valuesQuery>;

/**
 * The top values of one property of the project's events or people, with their counts: what the filter editor
 * suggests. The property must be one of the project's names (the same check as a report's filters), so an unknown
 * name is refused with the nearest known one rather than answering an empty list.
 */
export async function propertyValues(actor: Actor, slug: string, given: PropertyValuesQuery): Promise<PropertyValues> {
  requirePermission(actor, "reports.read");
  // A share link shows its report within its locks; the project's values at large are not part of it.
  if (actor.share) outOfScope();
  const parsed = valuesQuery.safeParse(given);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const query = parsed.data;
  const project = await getProject(actor, slug);
  const db = await getDb();
  const problem = unknownProperty([{ parameter: "property", scope: query.scope, property: query.property }], await readPropertyNames(db.reads, project.id));
  if (problem) throw new AppError("invalid", problem);
  return readPropertyValues(db.reads, project.id, query);
}

/** Example filters from the project's own data, one per scope, for the filter editor's placeholders; none under a share link. */
export async function filterExamples(actor: Actor, slug: string): Promise<{ event: string | null; person: string | null }> {
  requirePermission(actor, "reports.read");
  if (actor.share) return { event: null, person: null };
  const project = await getProject(actor, slug);
  const db = await getDb();
  return readFilterExamples(db.reads, project.id);
}
