import { z } from "zod";

/** A heatmap cell's people: its cohort, period and group, and whether to list the retained or the lost. */
export const cellSchema = z.object({
  cell_cohort: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "cell_cohort is the cohort's first day (2026-01-01)."),
  cell_period: z.coerce.number().int().min(0, "cell_period is a period number from 0."),
  cell_group: z.string().optional(),
  show: z.enum(["retained", "lost"], { message: "show is retained or lost." }).default("retained"),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(500, "page_size is at most 500.").default(50),
});
export type CellSelection = z.output<typeof cellSchema>;

export type CellPerson = {
  person: string;
  plan: string | null;
  source: string | null;
  platform: string | null;
  country: string | null;
  signupAt: string | null;
  cohortAt: string;
  lastActivity: string | null;
  properties: Record<string, unknown>;
};
export type CellPeople = { total: number; page: number; pageSize: number; people: CellPerson[] };

export const CELL_PEOPLE_COLUMNS = ["person", "plan", "source", "platform", "country", "signup_at", "cohort_at", "last_activity", "properties"];

export function cellPeopleRows(people: CellPerson[]) {
  return people.map((p) => [p.person, p.plan, p.source, p.platform, p.country, p.signupAt, p.cohortAt, p.lastActivity, JSON.stringify(p.properties)]);
}
