import "server-only";
import { PERSON_ATTRIBUTES, type PersonAttribute } from "@/lib/person-attributes";
import { compareProportions, testIndependence } from "@/lib/stats/compare";
import { formatBreakdown } from "../breakdown";
import { formatFilter } from "../filters";
import { runQuery, type ReportContext } from "../run-query";
import { resolveDayRange, type DayRange } from "../sql/time-bounds";
import type { DrilldownRows, Paging } from "../server-report";
import { FUNNEL_DEFAULTS, stepLabel, type DurationBin, type Durations, type FunnelGroup, type FunnelParams, type FunnelResult, type FunnelStepComparison } from "./definition";
import type { FunnelPeopleSelection, FunnelPerson } from "./people";
import { DURATION_EDGES, funnelPeopleQuery, funnelQuery, suggestedOrderQuery, suggestionsQuery } from "./query";

type Keyed = { everyone: boolean; grp: string | null };
type Row = {
  steps: (Keyed & { k: number; people: number })[];
  durations: (Keyed & { k: number; people: number; mean: number; quartiles: [number, number, number] })[];
  bins: (Keyed & { k: number; bin: number; people: number })[];
  trend: (Keyed & { period: string; entered: number; converted: number; complete: boolean })[];
  untimed: number;
};

/**
 * Each step joins the people still in the funnel (tens of thousands at 10M events) to that step's events (a million):
 * hashed, 2 s; looped per person through an index, 17.7 s. The planner guesses an aggregate of people at a few
 * hundred rows and would loop, so the funnel's statements are planned without nested loops.
 */
const STEP_JOINS = { noNestedLoops: true } as const;

const resolveBounds = (ctx: ReportContext, p: FunnelParams) => resolveDayRange(ctx, p, FUNNEL_DEFAULTS.from);

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const sameGroup = (a: Keyed, value: string | null) => (value === null ? a.everyone : !a.everyone && a.grp === value);

/** Every bin from the first edge to the last, empty ones included, so that histograms line up across groups. */
function histogram(bins: Row["bins"]): DurationBin[] {
  return DURATION_EDGES.map((from, i) => ({
    fromSeconds: from,
    toSeconds: DURATION_EDGES[i + 1] ?? null,
    people: bins.find((b) => b.bin === i + 1)?.people ?? 0,
  }));
}

function durations(row: Row["durations"][number] | undefined): Durations | null {
  if (!row) return null;
  const [p25, median, p75] = row.quartiles;
  return { people: row.people, mean: row.mean, p25, median, p75 };
}

function group(row: Row, value: string | null, n: number): FunnelGroup {
  const counts = Array.from({ length: n }, (_, i) => row.steps.find((s) => sameGroup(s, value) && s.k === i + 1)?.people ?? 0);
  const stats = (k: number) => durations(row.durations.find((d) => sameGroup(d, value) && d.k === k));
  const bins = (k: number) => histogram(row.bins.filter((b) => sameGroup(b, value) && b.k === k));
  return {
    value,
    steps: counts.map((people, i) => ({
      people,
      stepConversion: i === 0 ? null : rate(people, counts[i - 1]!),
      overallConversion: rate(people, counts[0]!),
      dropOff: i === 0 ? 0 : counts[i - 1]! - people,
      time: i === 0 ? null : stats(i + 1),
      histogram: i === 0 ? [] : bins(i + 1),
    })),
    timeToConvert: stats(n + 1),
    timeHistogram: bins(n + 1),
    trend: row.trend
      .filter((t) => sameGroup(t, value))
      .map((t) => ({ period: t.period, entered: t.entered, converted: t.converted, rate: rate(t.converted, t.entered), complete: t.complete })),
  };
}

/** Groups by their step-1 people, most first; "(other)" last, as it is no value of its own. */
function groupValues(row: Row): string[] {
  const firsts = row.steps.filter((s) => !s.everyone && s.k === 1);
  return firsts
    .sort((a, b) => Number(a.grp === "(other)") - Number(b.grp === "(other)") || b.people - a.people || (a.grp! < b.grp! ? -1 : 1))
    .map((s) => s.grp!);
}

/** For each step from the second: reaching it out of step 1, across the breakdown's values. */
function comparisons(groups: FunnelGroup[], n: number): FunnelStepComparison[] {
  const values = groups.filter((g) => g.value !== null && g.value !== "(other)");
  if (values.length < 2) return [];
  return Array.from({ length: n - 1 }, (_, i) => {
    const step = i + 2;
    const table = values.map((g) => [g.steps[step - 1]!.people, g.steps[0]!.people - g.steps[step - 1]!.people]);
    const [baseline, variant] = values;
    const two =
      values.length === 2
        ? compareProportions({ successes: variant!.steps[step - 1]!.people, total: variant!.steps[0]!.people }, { successes: baseline!.steps[step - 1]!.people, total: baseline!.steps[0]!.people })
        : null;
    return { step, independence: testIndependence(table), twoGroups: two && { ...two, variant: variant!.value!, baseline: baseline!.value! } };
  });
}

export async function runFunnel(ctx: ReportContext, p: FunnelParams): Promise<FunnelResult> {
  const bounds = await resolveBounds(ctx, p);
  const common = { asOf: bounds.asOf, fromDay: bounds.fromDay, toDay: bounds.toDay, order: p.order, window: p.window.text, exclude: p.exclude, breakdown: formatBreakdown(p.breakdown) ?? null, trendGrain: p.trend };
  if (!p.steps.length) {
    const suggestions = await runQuery<{ event: string; people: number }>(ctx, "Events to start from", suggestionsQuery(ctx.project, bounds));
    return { ...common, steps: [], groups: [], comparisons: [], untimedEntries: 0, suggestions, suggestedSteps: await suggestedSteps(ctx, bounds, suggestions) };
  }
  const [row] = await runQuery<Row>(ctx, "Funnel", funnelQuery(ctx.project, p, bounds), STEP_JOINS);
  if (!row) throw new Error("The funnel query returned no row");
  const n = p.steps.length;
  const groups = [group(row, null, n), ...(p.breakdown ? groupValues(row).map((v) => group(row, v, n)) : [])];
  return {
    ...common,
    steps: p.steps.map((s) => ({ event: s.event, where: s.where.map(formatFilter), label: stepLabel(s) })),
    groups,
    comparisons: comparisons(groups, n),
    untimedEntries: row.untimed,
    suggestions: [],
    suggestedSteps: [],
  };
}

/**
 * A funnel to start from: the three events most people did, in the order people do them (in order of popularity, a
 * product whose people sign up before everything else got a funnel starting with its everyday event, converting
 * nobody). Of each two, the one more people did first goes ahead; events are ordered by how many others they go ahead
 * of, and by popularity when as many.
 */
async function suggestedSteps(ctx: ReportContext, bounds: DayRange, suggestions: { event: string }[]): Promise<string[]> {
  const top = suggestions.slice(0, 3).map((s) => s.event);
  if (top.length < 2) return [];
  const rows = await runQuery<{ event: string; other: string; people: number }>(ctx, "The order people do them in", suggestedOrderQuery(ctx.project, bounds, top));
  const first = (a: string, b: string) => rows.find((r) => r.event === a && r.other === b)?.people ?? 0;
  const ahead = (a: string) => top.filter((b) => b !== a && first(a, b) > first(b, a)).length;
  return [...top].sort((a, b) => ahead(b) - ahead(a));
}

type PersonRow = { total: number; person: string; entered_at: string | null; last_step: number; properties: Record<string, unknown> } & {
  [attribute in PersonAttribute]: string | null;
};

export async function runFunnelPeople(ctx: ReportContext, p: FunnelParams, s: FunnelPeopleSelection, paging: Paging): Promise<DrilldownRows<FunnelPerson>> {
  const bounds = await resolveBounds(ctx, p);
  const rows = await runQuery<PersonRow>(ctx, "People at the step", funnelPeopleQuery(ctx.project, p, bounds, s, paging), STEP_JOINS);
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((r) => ({
      person: r.person,
      ...(Object.fromEntries(PERSON_ATTRIBUTES.map((a) => [a, r[a]])) as Record<PersonAttribute, string | null>),
      enteredAt: r.entered_at,
      lastStep: r.last_step,
      properties: r.properties,
    })),
  };
}
