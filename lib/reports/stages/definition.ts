import { z } from "zod";
import { asArray, commonParams, commonToRaw, dayField, single } from "../params";
import { filterReferences, filtersField, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";
import type { PathLink } from "../paths";

export const STAGES = ["first_purchase", "repeat_purchase", "new_category", "return"] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  first_purchase: "First purchase",
  repeat_purchase: "Repeat purchase",
  new_category: "First purchase in a new category",
  return: "Return",
};
export const STAGE_DEFAULTS = { purchase: "Order", return: "Return", category: "category", size: "size", from: "-364d", cohort: "month", depth: 4 } as const;
/** What a project may save as its own (lib/data/report-defaults.ts): what a purchase and a return are. */
export const STAGE_DEFINITION_PARAMETERS = ["purchase", "purchase_where", "return", "return_where", "category", "size"] as const;

const name = (fallback: string, what: string) => z.preprocess(single, z.string().trim().min(1, `${what} names an event or a property.`).max(200).default(fallback));

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  purchase: name(STAGE_DEFAULTS.purchase, "purchase"),
  purchase_where: z.preprocess(asArray, filtersField),
  return: name(STAGE_DEFAULTS.return, "return"),
  return_where: z.preprocess(asArray, filtersField),
  // Optional, so that only a property named on purpose is checked against the project's own (an empty project runs).
  category: z.preprocess(single, z.string().trim().min(1).max(200).optional()),
  size: z.preprocess(single, z.string().trim().min(1).max(200).optional()),
  cohort: z.preprocess(single, z.enum(["week", "month"], { message: "cohort is week or month." }).default(STAGE_DEFAULTS.cohort)),
  depth: z.preprocess(single, z.coerce.number({ message: "depth is a number from 2 to 6." }).int().min(2, "depth is at least 2.").max(6, "depth is at most 6.").default(STAGE_DEFAULTS.depth)),
};
export const stagesSchema = z.object(fields);
export type StagesParams = z.output<typeof stagesSchema>;
/** The category and size properties in use. */
export const categoryOf = (p: StagesParams) => p.category ?? STAGE_DEFAULTS.category;
export const sizeOf = (p: StagesParams) => p.size ?? STAGE_DEFAULTS.size;

export type Durations = { people: number; mean: number; p25: number; median: number; p75: number };
export type StagesResult = {
  asOf: string;
  fromDay: string;
  toDay: string;
  /** The definition in use, as the page's form and words show it. */
  definition: { purchase: string; purchaseWhere: string[]; return: string; returnWhere: string[]; category: string; size: string };
  /** People whose first purchase falls in the range; every number is about them. */
  buyers: number;
  stages: { stage: Stage; people: number; share: number | null }[];
  /** From the first purchase to the first time of each later stage. */
  timeFromFirst: { stage: Exclude<Stage, "first_purchase">; time: Durations | null }[];
  /** From each stage event to the person's next one ("none" when there was none by as_of): how often, and the median time. */
  transitions: { from: Stage; to: Stage | "none"; count: number; medianSeconds: number | null }[];
  returnsByCohort: { cohort: string; buyers: number; returners: number; purchases: number; returns: number; returnRate: number | null; returnerShare: number | null }[];
  returnsBySize: { size: string; purchases: number; returns: number; returnRate: number | null }[];
  /** The categories people bought, in the order they first bought each: level n is the n-th; "(no more)" where they stopped. */
  categoryPaths: PathLink[];
};

export const stagesDefinition = {
  kind: "stages",
  title: "Shop stages",
  timedEvents: { instead: "journeys" },
  parameters: Object.keys(fields),
  projectDefaults: STAGE_DEFINITION_PARAMETERS,
  narrowing: "Narrow it: a later `from` or an earlier `to`.",
  viewParameters: [],
  schema: stagesSchema,
  toRaw: (p) => ({
    ...commonToRaw(p),
    from: p.from,
    to: p.to,
    purchase: p.purchase,
    purchase_where: p.purchase_where.map(formatFilter),
    return: p.return,
    return_where: p.return_where.map(formatFilter),
    category: p.category,
    size: p.size,
    cohort: p.cohort,
    depth: String(p.depth),
  }),
  references: (p) => [
    ...filterReferences("where", p.where),
    ...filterReferences("purchase_where", p.purchase_where),
    ...filterReferences("return_where", p.return_where),
    ...(p.category ? [{ parameter: "category", scope: "event" as const, property: p.category }] : []),
    ...(p.size ? [{ parameter: "size", scope: "event" as const, property: p.size }] : []),
  ],
  events: (p) => [
    { parameter: "purchase", event: p.purchase },
    { parameter: "return", event: p.return },
  ],
  describe(p, project) {
    const purchase = `a "${p.purchase}" event${p.purchase_where.length ? ` with ${p.purchase_where.map(formatFilter).join(" and ")}` : ""}`;
    const ret = `a "${p.return}" event${p.return_where.length ? ` with ${p.return_where.map(formatFilter).join(" and ")}` : ""}`;
    const lines = [
      `A purchase is ${purchase}; the lines of one purchase share its time. A return is ${ret}. Categories come from the events' "${categoryOf(p)}", sizes from their "${sizeOf(p)}".`,
      `People: those whose first purchase ever (up to as_of, ${p.as_of ?? "now"}) falls from ${p.from ?? `${STAGE_DEFAULTS.from.slice(1, -1)} days before the as-of day`} to ${p.to ?? "the as-of day"} (local days in ${project.timezone}).`,
      "Stages: first purchase — their first purchase; repeat purchase — any later purchase; first purchase in a new category — a later purchase with a category they had not bought before; return — a return after their first purchase.",
      "Transitions: from each stage event to the same person's next one, or to none by as_of. Times: from the first purchase to the first time of each later stage; median, p25 and p75.",
      `Returns: return events ÷ purchase lines of the people, by the ${p.cohort} of their first purchase and by size (a return's own size); and the share of the people with a return.`,
      `Category progression: the categories each person bought, in the order they first bought them (several at once in name order), ${p.depth} deep.`,
    ];
    if (p.where.length) lines.push(`Only events matching: ${p.where.map(formatFilter).join(" and ")}.`);
    return lines;
  },
  table: (r) => ({
    columns: ["stage", "people", "share_of_buyers", "median_seconds_from_first_purchase"],
    rows: r.stages.map((s) => [STAGE_LABELS[s.stage], s.people, s.share, r.timeFromFirst.find((t) => t.stage === s.stage)?.time?.median ?? null]),
  }),
  drilldowns: {},
  examples: [{}, { from: "2026-01-01", cohort: "week", depth: "3", purchase_where: "revenue > 0", where: "person.plan = Pro" }],
} satisfies ReportDefinition<StagesParams, StagesResult>;
