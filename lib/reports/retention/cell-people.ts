import { z } from "zod";
import { PERSON_ATTRIBUTES, type PersonAttribute } from "@/lib/person-attributes";
import type { DrilldownDefinition } from "../definition";
import { single } from "../params";

/** A heatmap cell's people: its cohort, period and group, and whether to list the retained or the lost. */
const fields = {
  cell_cohort: z.preprocess(single, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "cell_cohort is the cohort's first day (2026-01-01).")),
  cell_period: z.preprocess(single, z.coerce.number().int().min(0, "cell_period is a period number from 0.")),
  cell_group: z.preprocess(single, z.string().optional()),
  show: z.preprocess(single, z.enum(["retained", "lost"], { message: "show is retained or lost." }).default("retained")),
};
const cellSchema = z.object(fields);
export type CellSelection = z.output<typeof cellSchema>;

export type CellPerson = {
  person: string;
  signupAt: string | null;
  cohortAt: string;
  lastActivity: string | null;
  properties: Record<string, unknown>;
} & { [attribute in PersonAttribute]: string | null };

export const CELL_PEOPLE_COLUMNS = ["person", ...PERSON_ATTRIBUTES, "signup_at", "cohort_at", "last_activity", "properties"];

export const cellPeopleDrilldown = {
  title: "People in a retention cell",
  parameters: Object.keys(fields),
  schema: cellSchema,
  check: (params: { periods: number }, cell: CellSelection) =>
    cell.cell_period >= params.periods ? `cell_period is below periods (${params.periods}).` : null,
  table: (people: CellPerson[]) => ({
    columns: CELL_PEOPLE_COLUMNS,
    rows: people.map((p) => [p.person, ...PERSON_ATTRIBUTES.map((a) => p[a]), p.signupAt, p.cohortAt, p.lastActivity, JSON.stringify(p.properties)]),
  }),
  examples: [
    { cell_cohort: "2026-01-05", cell_period: "1" },
    { period: "month", breakdown: "plan", cell_cohort: "2026-01-01", cell_period: "0", cell_group: "Pro", show: "lost" },
    { period: "day", return: "Purchase", cell_cohort: "2026-01-05", cell_period: "2" },
  ],
} satisfies DrilldownDefinition<{ periods: number }, CellSelection, CellPerson>;
