import { z } from "zod";
import { single } from "./params";
import type { FilterScope } from "./filters";

/** A breakdown names a property as `where` does: `person.<name>` a person's, a bare name the event's. */
export type PropertyBreakdown = { scope: FilterScope; property: string };

/** A parameter naming one property as `where` does (a breakdown, a segment); `message` says so when it names none. */
export const propertyField = (message: string) =>
  z.preprocess(single, z.string().trim().min(1).max(200).optional()).transform((text, ctx): PropertyBreakdown | undefined => {
    if (!text) return undefined;
    const person = text.startsWith("person.");
    const property = person ? text.slice("person.".length) : text;
    if (!property) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return { scope: person ? "person" : "event", property };
  });

export const breakdownField = propertyField("breakdown names a property, as where does: Quantity (an event's), person.plan (a person's).");

export const formatBreakdown = (b: PropertyBreakdown | undefined) => (b ? `${b.scope === "person" ? "person." : ""}${b.property}` : undefined);

/** The property a parameter names, for the check against the project's own. */
export const propertyReferences = (parameter: string, b: PropertyBreakdown | undefined) => (b ? [{ parameter, ...b }] : []);
export const breakdownReferences = (b: PropertyBreakdown | undefined) => propertyReferences("breakdown", b);
