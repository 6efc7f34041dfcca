import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import { closest } from "./params";
import type { FilterScope } from "./filters";

/** The names a project's data holds: event names, the properties of events and of people, and its campaigns (newest first). */
export type Vocabulary = { events: string[]; eventProperties: string[]; personProperties: string[]; campaigns: { id: string; name: string }[] };

export type PropertyNames = Pick<Vocabulary, "eventProperties" | "personProperties">;

/** A property a report's parameters name, and the parameter that names it (for the message). */
export type PropertyReference = { parameter: string; scope: FilterScope; property: string };

/** Event fields with columns of their own, which a filter may name whatever the uploads brought. */
export const EVENT_FIELDS = ["revenue", "session"] as const;

const WORDS: Record<FilterScope, string> = { event: "event property", person: "person property" };

/** Every name a scope answers to: its typed columns first, then the properties the project's uploads brought. */
export function knownProperties(vocabulary: PropertyNames, scope: FilterScope): string[] {
  const names = scope === "person" ? [...PERSON_ATTRIBUTES, ...vocabulary.personProperties] : [...EVENT_FIELDS, ...vocabulary.eventProperties];
  return [...new Set(names)];
}

/**
 * The first reference to a property the project does not have, as a message naming the parameter, the property,
 * the nearest known name and the known ones; null when every reference is known. Refusing unknown names keeps a
 * typo from reading as "nobody matched", and keeps names such as `constructor` from reaching the SQL builders.
 */
export function unknownProperty(references: PropertyReference[], vocabulary: PropertyNames): string | null {
  for (const ref of references) {
    const known = knownProperties(vocabulary, ref.scope);
    if (known.includes(ref.property)) continue;
    const near = closest(ref.property, known);
    const listed = known.length > 30 ? `${known.slice(0, 30).join(", ")}, …` : known.join(", ");
    return `${ref.parameter}: this project has no ${WORDS[ref.scope]} "${ref.property}".${near ? ` Did you mean "${near}"?` : ""} Its ${WORDS[ref.scope]} names: ${listed || "none"}.`;
  }
  return null;
}

/** An event a report's parameters name, and the parameter that names it (for the message). */
export type EventReference = { parameter: string; event: string };

/**
 * A warning for each event name the project has no event of: the report still runs (it counts nobody for that
 * name, which is true), and the warning says why its numbers are empty and which name was likely meant.
 */
export function unknownEventWarnings(missing: EventReference[], known: readonly string[]): string[] {
  return missing.map((ref) => {
    const near = closest(ref.event, known);
    return `${ref.parameter}: no event named "${ref.event}"; ${near ? `did you mean "${near}"?` : "this project has none, so nothing matches it."}`;
  });
}
