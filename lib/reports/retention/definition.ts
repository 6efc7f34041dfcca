import { z } from "zod";
import { commonParams, commonToRaw, dayField, single, whereField } from "../params";
import { filterReferences, formatFilter, type PropertyFilter } from "../filters";
import type { ReportDefinition } from "../definition";
import { GRAINS, GRAIN_WORDS, type Grain } from "../periods";
import { cellPeopleDrilldown } from "./cell-people";

export type Period = Grain;

/** The defaults and the choices of each parameter: the schema applies them, and the controls offer and show them. */
export const RETENTION_DEFAULTS = { cohort: "first", return: "any", period: "week", counting: "calendar", kind: "on" } as const;
export const DEFAULT_PERIODS: Record<Period, number> = { day: 14, week: 12, month: 12 };
export const MAX_PERIODS: Record<Period, number> = { day: 120, week: 104, month: 60 };
export const PERIOD_OPTIONS: { value: Period; label: string }[] = [
  { value: "day", label: "Day" },
  { value: "week", label: "Week (ISO)" },
  { value: "month", label: "Month" },
];
export const COUNTING_OPTIONS = [
  { value: "calendar", label: "Calendar periods" },
  { value: "elapsed", label: "Elapsed since own start" },
] as const;
export const KIND_OPTIONS = [
  { value: "on", label: "On period N" },
  { value: "on_or_after", label: "On or after period N" },
] as const;
/** How cohorts are formed; `event: true` kinds name an event after a colon (`first:Purchase`). */
export const COHORT_OPTIONS = [
  { value: "first", label: "First event (any)", event: false },
  { value: "first:", label: "First time doing…", event: true },
  { value: "each:", label: "Every period doing… (recurring)", event: true },
  { value: "signup", label: "Signup time", event: false },
] as const;
const values = <T extends { value: string }>(options: readonly T[]) => options.map((o) => o.value) as [T["value"], ...T["value"][]];

const optionalText = z.preprocess(single, z.string().trim().min(1).max(200).optional());

/** `signup`, `first`, `first:<event>` or `each:<event>`. */
export type CohortSpec = { by: "signup" } | { by: "first"; event: string | null } | { by: "each"; event: string };

function parseCohort(text: string, ctx: z.RefinementCtx): CohortSpec {
  if (text === "signup") return { by: "signup" };
  if (text === "first") return { by: "first", event: null };
  const m = /^(first|each):(.+)$/.exec(text);
  if (m && m[2]!.trim()) return m[1] === "first" ? { by: "first", event: m[2]!.trim() } : { by: "each", event: m[2]!.trim() };
  ctx.addIssue({ code: "custom", message: `cohort is signup, first, first:<event> or each:<event>, not "${text}".` });
  return z.NEVER;
}

export function formatCohort(c: CohortSpec) {
  return c.by === "signup" ? "signup" : c.by === "first" ? (c.event ? `first:${c.event}` : "first") : `each:${c.event}`;
}

const fields = {
  ...commonParams,
  from: dayField("from"),
  to: dayField("to"),
  cohort: z.preprocess(single, z.string().trim().default(RETENTION_DEFAULTS.cohort)).transform(parseCohort),
  cohort_where: whereField,
  return: z.preprocess(single, z.string().trim().min(1).default(RETENTION_DEFAULTS.return)),
  return_where: whereField,
  period: z.preprocess(single, z.enum(GRAINS, { message: "period is day, week or month." }).default(RETENTION_DEFAULTS.period)),
  periods: z.preprocess(single, z.coerce.number().int("periods is a whole number.").positive("periods is at least 1.").optional()),
  counting: z.preprocess(single, z.enum(values(COUNTING_OPTIONS), { message: "counting is calendar or elapsed." }).default(RETENTION_DEFAULTS.counting)),
  kind: z.preprocess(single, z.enum(values(KIND_OPTIONS), { message: "kind is on or on_or_after." }).default(RETENTION_DEFAULTS.kind)),
  breakdown: optionalText,
};

export const retentionSchema = z.object(fields).transform((p, ctx) => {
  const periods = p.periods ?? DEFAULT_PERIODS[p.period];
  if (periods > MAX_PERIODS[p.period]) {
    ctx.addIssue({ code: "custom", message: `periods is at most ${MAX_PERIODS[p.period]} for ${p.period} periods.` });
    return z.NEVER;
  }
  if (p.cohort.by === "signup" && p.cohort_where.some((f) => f.scope === "event")) {
    ctx.addIssue({ code: "custom", message: "A signup cohort has no event to filter: cohort_where can only use person.<property> filters." });
    return z.NEVER;
  }
  const breakdown = p.breakdown?.replace(/^person\./, "");
  return { ...p, periods, breakdown };
});
export type RetentionParams = z.output<typeof retentionSchema>;

/** A cell's standing at as_of: every day of it passed, part of it, or none of it yet. */
export type CellState = "complete" | "incomplete" | "future";
export type RetentionCell = { retained: number; rate: number | null; state: CellState };
export type RetentionCohort = { cohort: string; size: number; cells: RetentionCell[] };
export type RetentionGroup = {
  /** null for everyone; otherwise the breakdown value ("(none)" when the person has no value). */
  value: string | null;
  size: number;
  cohorts: RetentionCohort[];
  /** Per period: retained over cohort size, summed over the cohorts whose period is complete (null when none is). */
  average: (number | null)[];
};
export type ReactivationRow = {
  period: string;
  complete: boolean;
  active: number;
  new: number;
  retained: number;
  reactivated: number;
  /** People active before the previous period but not in it: the base reactivation is a rate of. */
  inactiveBase: number;
  reactivationRate: number | null;
  churned: number;
};
export type RetentionResult = {
  asOf: string;
  period: Period;
  periods: number;
  fromDay: string;
  toDay: string;
  breakdown: string | null;
  groups: RetentionGroup[];
  reactivation: ReactivationRow[];
  /** Which stored data the numbers came from: the activity rollup, or the raw events (when event filters apply). */
  source: "rollup" | "events";
};

const describeFilters = (fs: PropertyFilter[]) => fs.map(formatFilter).join(" and ");

export const retentionDefinition = {
  kind: "retention",
  title: "Retention",
  timedEvents: { instead: "journeys" },
  parameters: Object.keys(fields),
  narrowing: "Narrow it: a later `from`, fewer `periods`, a coarser `period` (week or month rather than day), or no breakdown.",
  // The page's heatmap view: counts or %, the breakdown group shown, the period the trend chart follows.
  viewParameters: ["show", "group", "trend"],
  schema: retentionSchema,
  toRaw: (p) => ({
    ...commonToRaw(p),
    from: p.from,
    to: p.to,
    cohort: formatCohort(p.cohort),
    cohort_where: p.cohort_where.map(formatFilter),
    return: p.return,
    return_where: p.return_where.map(formatFilter),
    period: p.period,
    periods: String(p.periods),
    counting: p.counting,
    kind: p.kind,
    breakdown: p.breakdown,
  }),
  references: (p) => [
    ...filterReferences("where", p.where),
    ...filterReferences("cohort_where", p.cohort_where),
    ...filterReferences("return_where", p.return_where),
    ...(p.breakdown ? [{ parameter: "breakdown", scope: "person" as const, property: p.breakdown }] : []),
  ],
  events: (p) => [
    ...(p.cohort.by !== "signup" && p.cohort.event ? [{ parameter: "cohort", event: p.cohort.event }] : []),
    ...(p.return !== "any" ? [{ parameter: "return", event: p.return }] : []),
  ],
  describe(p, project) {
    const c = p.cohort;
    const cohortWords =
      c.by === "signup"
        ? "by the person's signup time"
        : c.by === "first"
          ? `by the person's first ${c.event ? `"${c.event}" event` : "event of any name"} (first-time cohorts)`
          : `by every ${GRAIN_WORDS[p.period]} in which the person did "${c.event}" (recurring cohorts: one membership per period)`;
    const returnWords = p.return === "any" ? "any event" : `a "${p.return}" event`;
    const lines = [
      `People are grouped into cohorts ${cohortWords}, one cohort per ${GRAIN_WORDS[p.period]}, for cohort moments from ${p.from ?? `the start of the ${p.period} ${p.periods - 1} ${p.period}s before as_of`} to ${p.to ?? "the as-of day"}. Dates are taken in the project's time zone (${project.timezone}).`,
      p.counting === "calendar"
        ? `Period N is the Nth calendar ${p.period} after the cohort's own ${p.period} (period 0 is the cohort's ${p.period}).`
        : `Period N is N whole ${p.period}s elapsed since the person's own cohort moment, counted on local wall-clock time as SQL TIMESTAMPDIFF(${p.period.toUpperCase()}, first, t) counts them${p.period === "month" ? " (a month has elapsed when the day of month and time of day reach the first's; from Jan 31 the first month ends at the start of March 1)" : ""}.`,
      `A person is retained in period N when they did ${returnWords} ${p.kind === "on" ? "in period N" : "in period N or any later period up to as_of"}, at or after their cohort moment. Rates are retained people over the cohort's size.`,
      "A period that has not ended by as_of is marked incomplete, and one that has not started is left empty; neither counts in the average, which weighs each cohort by its size.",
      "Reactivated: active in a period, not in the previous one, but in some period before it; the rate is over the inactive base (people active before the previous period but not in it). Churned: active in the previous period but not in this one. New: first activity ever in this period.",
    ];
    if (p.cohort_where.length) lines.push(`Cohort events only when ${describeFilters(p.cohort_where)}.`);
    if (p.return_where.length) lines.push(`Returning events only when ${describeFilters(p.return_where)}.`);
    if (p.where.length) lines.push(`Both sides only when ${describeFilters(p.where)}.`);
    if (p.breakdown) lines.push(`Broken down by the person property "${p.breakdown}"; people without it are "(none)".`);
    lines.push(`Events after as_of (${p.as_of ?? "now"}) are ignored.`);
    return lines;
  },
  table(r) {
    const columns = ["group", "cohort", "size", ...Array.from({ length: r.periods }, (_, i) => `${r.period}_${i}`), ...Array.from({ length: r.periods }, (_, i) => `${r.period}_${i}_people`)];
    const rows = r.groups.flatMap((g) =>
      g.cohorts.map((c) => [
        g.value ?? "(all)",
        c.cohort,
        c.size,
        ...c.cells.map((cell) => (cell.state === "future" ? null : cell.rate)),
        ...c.cells.map((cell) => (cell.state === "future" ? null : cell.retained)),
      ]),
    );
    return { columns, rows };
  },
  drilldowns: { people: cellPeopleDrilldown },
  examples: [
    {},
    { period: "month", periods: "6", breakdown: "plan", kind: "on_or_after" },
    { period: "week", counting: "elapsed", where: "person.plan = Pro" },
    { period: "day", cohort: "signup", return: "Purchase", return_where: "revenue > 0" },
    { cohort: "each:Purchase", period: "month", where: "revenue >= 1" },
    // An as_of with events after it: those people have their as-of period read again from the events.
    { period: "month", periods: "3", as_of: "2026-02-15" },
  ],
} satisfies ReportDefinition<RetentionParams, RetentionResult, { people: typeof cellPeopleDrilldown }>;
