import { z } from "zod";
import { PERSON_ATTRIBUTES, type PersonAttribute } from "@/lib/person-attributes";
import type { DrilldownDefinition } from "../definition";
import { single } from "../params";

/**
 * The people behind a step of a funnel: those who reached step `at_step` and went no further ("dropped"), or who
 * reached it ("reached"; at the last step, the people who converted), in everyone or in one breakdown group.
 */
const fields = {
  at_step: z.preprocess(single, z.coerce.number().int().min(1, "at_step is a step number from 1.")),
  show: z.preprocess(single, z.enum(["dropped", "reached"], { message: "show is dropped or reached." }).default("dropped")),
  group: z.preprocess(single, z.string().optional()),
};
const selectionSchema = z.object(fields);
export type FunnelPeopleSelection = z.output<typeof selectionSchema>;

export type FunnelPerson = {
  person: string;
  /** The step-1 event that entered them, local time; null without a clock. */
  enteredAt: string | null;
  /** The last step reached (from 1). */
  lastStep: number;
  properties: Record<string, unknown>;
} & { [attribute in PersonAttribute]: string | null };

export const FUNNEL_PEOPLE_COLUMNS = ["person", ...PERSON_ATTRIBUTES, "entered_at", "last_step", "properties"];

export const funnelPeopleDrilldown = {
  title: "People at a funnel step",
  parameters: Object.keys(fields),
  schema: selectionSchema,
  check(params: { steps: unknown[] }, s: FunnelPeopleSelection) {
    if (!params.steps.length) return "Choose the funnel's steps first.";
    if (s.at_step > params.steps.length) return `at_step is at most the number of steps (${params.steps.length}).`;
    if (s.show === "dropped" && s.at_step === params.steps.length) return "Nobody drops after the last step: ask for show=reached to list the people who converted.";
    return null;
  },
  table: (people: FunnelPerson[]) => ({
    columns: FUNNEL_PEOPLE_COLUMNS,
    rows: people.map((p) => [p.person, ...PERSON_ATTRIBUTES.map((a) => p[a]), p.enteredAt, p.lastStep, JSON.stringify(p.properties)]),
  }),
  examples: [
    { step: ["View product", "Add to cart", "Order"], at_step: "2" },
    { step: ["View product", "Order"], breakdown: "person.plan", at_step: "2", show: "reached", group: "Pro" },
  ],
} satisfies DrilldownDefinition<{ steps: unknown[] }, FunnelPeopleSelection, FunnelPerson>;
