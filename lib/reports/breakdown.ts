import { z } from "zod";
import { single } from "./params";
import type { FilterScope } from "./filters";

/** A breakdown names a property as `where` does: `person.<name>` a person's, a bare name the event's. */
export type PropertyBreakdown = { scope: FilterScope; property: string };

function parseBreakdown(text: string | undefined, ctx: z.RefinementCtx): PropertyBreakdown | undefined {
  if (!text) return undefined;
  const person = text.startsWith("person.");
  const property = person ? text.slice("person.".length) : text;
  if (!property) {
    ctx.addIssue({ code: "custom", message: "breakdown names a property, as where does: Quantity (an event's), person.plan (a person's)." });
    return z.NEVER;
  }
  return { scope: person ? "person" : "event", property };
}

export const breakdownField = z.preprocess(single, z.string().trim().min(1).max(200).optional()).transform(parseBreakdown);

export const formatBreakdown = (b: PropertyBreakdown | undefined) => (b ? `${b.scope === "person" ? "person." : ""}${b.property}` : undefined);

/** The property a breakdown names, for the check against the project's own. */
export const breakdownReferences = (b: PropertyBreakdown | undefined) => (b ? [{ parameter: "breakdown", ...b }] : []);
