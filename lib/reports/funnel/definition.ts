import { z } from "zod";
import type { IndependenceTest, ProportionComparison } from "@/lib/stats/compare";
import { breakdownField, breakdownReferences, formatBreakdown } from "../breakdown";
import { asArray, commonParams, commonToRaw, dayField, single } from "../params";
import { filterReferences, formatFilter, parseFilter, type PropertyFilter } from "../filters";
import type { ReportDefinition } from "../definition";
import { funnelPeopleDrilldown, type FunnelPeopleSelection, type FunnelPerson } from "./people";

export const FUNNEL_ORDERS = ["sequential", "strict", "any"] as const;
export const FUNNEL_TRENDS = ["week", "month"] as const;
export const FUNNEL_DEFAULTS = { from: "-29d", window: "14d", order: "sequential", trend: "week" } as const;
export const MIN_STEPS = 2;
export const MAX_STEPS = 10;
const MAX_WINDOW_MINUTES = 366 * 24 * 60;
const UNIT_MINUTES = { m: 1, h: 60, d: 1440 } as const;

export type FunnelStepDefinition = { event: string; where: PropertyFilter[] };
export type FunnelWindow = { text: string; minutes: number };

const eventName = z.string().trim().min(1, "step names an event.").max(200);

/** `<n>m`, `<n>h` or `<n>d`, kept as written and as minutes. */
const windowField = z.preprocess(
  single,
  z
    .string()
    .trim()
    .default(FUNNEL_DEFAULTS.window)
    .transform((text, ctx): FunnelWindow => {
      const m = /^(\d{1,6})([mhd])$/.exec(text);
      const minutes = m ? Number(m[1]) * UNIT_MINUTES[m[2] as keyof typeof UNIT_MINUTES] : 0;
      if (!m || minutes <= 0 || minutes > MAX_WINDOW_MINUTES) {
        ctx.addIssue({ code: "custom", message: `window is a number of minutes, hours or days (30m, 36h, 7d) from 1 minute to 366 days, not "${text}".` });
        return z.NEVER;
      }
      return { text, minutes };
    }),
);

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  // None at all is a funnel yet to be chosen: the report then suggests the project's most common events.
  step: z.preprocess(
    asArray,
    z
      .array(eventName)
      .max(MAX_STEPS, `A funnel has at most ${MAX_STEPS} steps.`)
      .refine((steps) => steps.length !== 1, `A funnel has ${MIN_STEPS} to ${MAX_STEPS} steps: give step=<event> for each, in order.`),
  ),
  step_where: z.preprocess(asArray, z.array(z.string())),
  exclude: z.preprocess(asArray, z.array(eventName).max(MAX_STEPS, `At most ${MAX_STEPS} exclusion events.`)),
  order: z.preprocess(single, z.enum(FUNNEL_ORDERS, { message: "order is sequential, strict or any." }).default(FUNNEL_DEFAULTS.order)),
  window: windowField,
  breakdown: breakdownField,
  trend: z.preprocess(single, z.enum(FUNNEL_TRENDS, { message: "trend is week or month." }).default(FUNNEL_DEFAULTS.trend)),
};

/** `step_where=<n>:<filter>`: the filter belongs to step n (from 1). */
function stepsOf(events: string[], clauses: string[], ctx: z.RefinementCtx): FunnelStepDefinition[] {
  const steps = events.map((event) => ({ event, where: [] as PropertyFilter[] }));
  for (const clause of clauses) {
    if (!clause.trim()) continue;
    const m = /^\s*(\d{1,2})\s*:(.*)$/.exec(clause);
    const step = m ? steps[Number(m[1]) - 1] : undefined;
    if (!m || !step) {
      ctx.addIssue({ code: "custom", message: `step_where "${clause}": write <step number>:<filter>, with a step from 1 to ${steps.length} (2:revenue > 0).` });
      continue;
    }
    try {
      step.where.push(parseFilter(m[2]!));
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `step_where "${clause}": ${(e as Error).message}.` });
    }
  }
  return steps;
}

export const funnelSchema = z.object(fields).transform(({ step, step_where, ...rest }, ctx) => {
  const steps = stepsOf(step, step_where, ctx);
  return { ...rest, steps };
});
export type FunnelParams = z.output<typeof funnelSchema>;
export type FunnelOrder = FunnelParams["order"];

/** Times between two moments of the people who have both, in seconds. */
export type Durations = { people: number; mean: number; p25: number; median: number; p75: number };
/** People whose time falls in [fromSeconds, toSeconds); toSeconds null for the last, open bin. */
export type DurationBin = { fromSeconds: number; toSeconds: number | null; people: number };

export type FunnelStepResult = {
  people: number;
  /** People of this step ÷ people of the previous one; null for step 1 or when the previous step has nobody. */
  stepConversion: number | null;
  /** People of this step ÷ people of step 1; null when step 1 has nobody. */
  overallConversion: number | null;
  /** People of the previous step who did not reach this one (0 for step 1). */
  dropOff: number;
  /** From the previous step to this one (null for step 1, or when no one has both times). */
  time: Durations | null;
  histogram: DurationBin[];
};
/** `complete` once everyone who entered in the period has had the whole window by as_of. */
export type FunnelTrendPoint = { period: string; entered: number; converted: number; rate: number | null; complete: boolean };
export type FunnelGroup = {
  /** null for everyone; otherwise the breakdown value ("(none)" without one, "(other)" past the shown values). */
  value: string | null;
  steps: FunnelStepResult[];
  /** From step 1 to the last step, for the people who converted. */
  timeToConvert: Durations | null;
  timeHistogram: DurationBin[];
  trend: FunnelTrendPoint[];
};
/** Between the breakdown's values, for each step from the second: does reaching it (out of step 1) depend on the value? */
export type FunnelStepComparison = {
  step: number;
  independence: IndependenceTest | null;
  /** With exactly two values: the second against the first. */
  twoGroups: (ProportionComparison & { variant: string; baseline: string }) | null;
};

export type FunnelResult = {
  asOf: string;
  fromDay: string;
  toDay: string;
  order: FunnelOrder;
  window: string;
  steps: { event: string; where: string[]; label: string }[];
  exclude: string[];
  breakdown: string | null;
  trendGrain: "week" | "month";
  /** Everyone first, then one group per breakdown value. */
  groups: FunnelGroup[];
  comparisons: FunnelStepComparison[];
  /** Entries without a clock (page journeys): in the funnel whatever the range, and without times. */
  untimedEntries: number;
  /** Without steps: the events most people did in the range, to choose steps from. */
  suggestions: { event: string; people: number }[];
  /** Without steps: the three events most people did, in the order people do them, as a funnel to try. */
  suggestedSteps: string[];
};

/** A step as people read it: its event and its filters. */
export const stepLabel = (s: FunnelStepDefinition) => (s.where.length ? `${s.event} (${s.where.map(formatFilter).join(" and ")})` : s.event);

const ORDER_WORDS: Record<FunnelOrder, string> = {
  sequential: "Sequential: each step after the one before it, other events allowed between; each step is the earliest match after the previous step's.",
  strict: "Strict: each step is the very next event after the one before it (events matching where count; no other event between).",
  any: "Any order: every step after the first, in any order, each at its earliest match after step 1; step k is reached once steps 2 to k have all happened.",
};

export const funnelDefinition = {
  kind: "funnel",
  title: "Funnel",
  parameters: [...Object.keys(fields)],
  narrowing: "Narrow it: a later `from`, an earlier `to`, fewer steps, or no breakdown.",
  viewParameters: ["view"],
  schema: funnelSchema,
  toRaw: (p) => ({
    ...commonToRaw(p),
    from: p.from,
    to: p.to,
    step: p.steps.map((s) => s.event),
    step_where: p.steps.flatMap((s, i) => s.where.map((f) => `${i + 1}:${formatFilter(f)}`)),
    exclude: p.exclude,
    order: p.order,
    window: p.window.text,
    breakdown: formatBreakdown(p.breakdown),
    trend: p.trend,
  }),
  references: (p) => [
    ...filterReferences("where", p.where),
    ...p.steps.flatMap((s) => filterReferences("step_where", s.where)),
    ...breakdownReferences(p.breakdown),
  ],
  events: (p) => [...p.steps.map((s, i) => ({ parameter: `step ${i + 1}`, event: s.event })), ...p.exclude.map((event) => ({ parameter: "exclude", event }))],
  describe(p, project) {
    if (!p.steps.length) return [`No steps chosen yet: the events most people did from ${p.from ?? FUNNEL_DEFAULTS.from} to ${p.to ?? "the as-of day"} are listed to start from.`];
    const lines = [
      `Steps: ${p.steps.map((s, i) => `${i + 1}. ${stepLabel(s)}`).join("; ")}.`,
      `People enter at their first step-1 event from ${p.from ?? `${FUNNEL_DEFAULTS.from.slice(1, -1)} days before the as-of day`} to ${p.to ?? "the as-of day"} (local days in ${project.timezone}), up to as_of (${p.as_of ?? "now"}); the conversion window of ${p.window.text} runs from that event.`,
      ORDER_WORDS[p.order],
      "Events are ordered by time; events without a clock (page journeys) by upload, then by their place in the file: sessions in the order they came, pages in order. Entries without a clock are counted whatever the range, and have no times.",
      "Step conversion: people at a step ÷ people at the step before. Overall: ÷ people at step 1. Times between steps: median, p25 and p75 (linear interpolation), for the people with both times.",
      `Trend: people entering in each ${p.trend} and the share of them who reached the last step.`,
    ];
    if (p.exclude.length) lines.push(`Exclusions: a person who does ${p.exclude.join(" or ")} after entering and before reaching a step leaves the funnel there.`);
    if (p.where.length) lines.push(`Only events matching: ${p.where.map(formatFilter).join(" and ")}.`);
    if (p.breakdown)
      lines.push(
        `Broken down by the ${p.breakdown.scope === "person" ? "person's" : "step-1 event's"} "${p.breakdown.property}" ("(none)" without a value; values past the largest groups are added up as "(other)"). Each step from the second: a chi-square test of independence of reaching it (out of step 1) across values, and with exactly two values a pooled two-proportion z-test with the difference and its 95% interval.`,
      );
    return lines;
  },
  table: (r) => ({
    columns: ["group", "step", "event", "people", "step_conversion", "overall_conversion", "drop_off", "median_seconds", "p25_seconds", "p75_seconds"],
    rows: r.groups.flatMap((g) =>
      g.steps.map((s, i) => [g.value ?? "(all)", i + 1, r.steps[i]!.label, s.people, s.stepConversion, s.overallConversion, s.dropOff, s.time?.median ?? null, s.time?.p25 ?? null, s.time?.p75 ?? null]),
    ),
  }),
  drilldowns: { people: funnelPeopleDrilldown },
  examples: [
    {},
    { step: ["View product", "Add to cart", "Order"] },
    { step: ["View product", "Order"], order: "strict", window: "30m", breakdown: "person.plan", trend: "month" },
    { step: ["Order", "Return", "Order"], order: "any", window: "90d", exclude: "Return", step_where: ["1:revenue > 0"], where: "person.plan = Pro", breakdown: "revenue" },
  ],
} satisfies ReportDefinition<FunnelParams, FunnelResult, { people: typeof funnelPeopleDrilldown }>;

export type { FunnelPeopleSelection, FunnelPerson };
