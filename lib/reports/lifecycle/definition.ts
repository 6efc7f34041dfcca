import { z } from "zod";
import { commonParams, commonToRaw, dayField, single } from "../params";
import { filterReferences, formatFilter } from "../filters";
import type { ReportDefinition } from "../definition";
import { GRAINS, GRAIN_WORDS, type Grain } from "../periods";

export const LIFECYCLE_DEFAULTS = { period: "week" as Grain, periods: 12 };
export const MAX_LIFECYCLE_PERIODS: Record<Grain, number> = { day: 180, week: 104, month: 60 };

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  period: z.preprocess(single, z.enum(GRAINS, { message: "period is day, week or month." }).default(LIFECYCLE_DEFAULTS.period)),
  breakdown: z.preprocess(single, z.string().trim().min(1).max(200).optional()).transform((b) => b?.replace(/^person\./, "")),
};
export const lifecycleSchema = z.object(fields);
export type LifecycleParams = z.output<typeof lifecycleSchema>;

export type LifecyclePeriod = {
  period: string;
  /** Every day of the period has passed by as_of. */
  complete: boolean;
  /** First period the person was ever active. */
  new: number;
  /** Active in this period and the previous one. */
  returning: number;
  /** Active in this period, not in the previous one, but in some earlier one. */
  resurrected: number;
  /** Active in the previous period but not in this one. */
  dormant: number;
  /** (new + resurrected) ÷ dormant: above 1 the active base grows. Null without dormant people. */
  quickRatio: number | null;
};
export type LifecycleGroup = { value: string | null; periods: LifecyclePeriod[] };
export type LifecycleResult = { asOf: string; period: Grain; fromPeriod: string; toPeriod: string; breakdown: string | null; groups: LifecycleGroup[] };

export const lifecycleDefinition = {
  kind: "lifecycle",
  title: "Lifecycle",
  timedEvents: { instead: "journeys" },
  parameters: Object.keys(fields),
  narrowing: "Narrow it: a later `from`, a coarser `period`, or no breakdown.",
  viewParameters: [],
  schema: lifecycleSchema,
  toRaw: (p) => ({ ...commonToRaw(p), from: p.from, to: p.to, period: p.period, breakdown: p.breakdown }),
  references: (p) => [...filterReferences("where", p.where), ...(p.breakdown ? [{ parameter: "breakdown", scope: "person" as const, property: p.breakdown }] : [])],
  describe(p, project) {
    const lines = [
      `One bar per ${GRAIN_WORDS[p.period]} from ${p.from ?? `${LIFECYCLE_DEFAULTS.periods - 1} ${p.period}s before the as-of ${p.period}`} to ${p.to ?? "the as-of day"}, in the project's time zone (${project.timezone}), over everyone's whole history up to as_of (${p.as_of ?? "now"}).`,
      "A person is active in a period when they have an event in it. New: the first period they were ever active. Returning: active in this period and the previous one. Resurrected: active in this period, not the previous one, but before. Dormant: active in the previous period but not this one (drawn below zero).",
      "Quick ratio: (new + resurrected) ÷ dormant; above 1 the active base grows. A period not over by as_of is marked incomplete.",
      "Events without a timestamp (page journeys) have no period and are not counted.",
    ];
    if (p.where.length) lines.push(`Only events matching: ${p.where.map(formatFilter).join(" and ")}.`);
    if (p.breakdown) lines.push(`Broken down by the person property "${p.breakdown}"; people without it are "(none)".`);
    return lines;
  },
  table: (r) => ({
    columns: ["group", "period", "new", "returning", "resurrected", "dormant", "quick_ratio", "complete"],
    rows: r.groups.flatMap((g) => g.periods.map((x) => [g.value ?? "(all)", x.period, x.new, x.returning, x.resurrected, x.dormant, x.quickRatio, x.complete ? "complete" : "incomplete"])),
  }),
  drilldowns: {},
  examples: [{}, { period: "month", breakdown: "plan", where: "revenue > 0" }, { period: "day", from: "-13d", where: "person.plan = Pro" }],
} satisfies ReportDefinition<LifecycleParams, LifecycleResult>;
