/**
 * Periods — days, ISO weeks (Monday to Sunday) and calendar months — as every report buckets time: the grain type,
 * the arithmetic on period-start dates, and the labels. Dates here are local calendar days (YYYY-MM-DD) of the
 * project's zone, already resolved by SQL; the arithmetic runs in UTC so that it is the same in every process zone.
 */
export const GRAINS = ["day", "week", "month"] as const;
export type Grain = (typeof GRAINS)[number];

/** Words for each grain, for definitions. */
export const GRAIN_WORDS: Record<Grain, string> = { day: "day", week: "ISO week (Monday to Sunday)", month: "calendar month" };

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The number of the period starting on `iso`: days and ISO weeks since Monday 2000-01-03, months as year·12 + month. */
export function periodNumberOf(g: Grain, iso: string): number {
  const d = utc(iso);
  if (g === "month") return d.getUTCFullYear() * 12 + d.getUTCMonth() + 1;
  const days = Math.round((d.getTime() - Date.UTC(2000, 0, 3)) / 86_400_000);
  return g === "week" ? Math.floor(days / 7) : days;
}

/** Whole periods from one period start to another. */
export function periodsBetween(g: Grain, from: string, to: string): number {
  return periodNumberOf(g, to) - periodNumberOf(g, from);
}

/** The day `n` days after `iso` (before, when negative). */
export function addDays(iso: string, n: number): string {
  const d = utc(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The start of the period before the one starting on `iso`. */
export function periodBefore(g: Grain, iso: string): string {
  const d = utc(iso);
  if (g === "month") d.setUTCMonth(d.getUTCMonth() - 1);
  else d.setUTCDate(d.getUTCDate() - (g === "week" ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

// Formatted in UTC so that a label names the same day in every zone.
const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const dayOfYearFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** "Mar 2026", "Week of Mar 2, 2026", "Mar 3, 2026". */
export function cohortLabel(g: Grain, iso: string) {
  if (g === "month") return monthFormat.format(utc(iso));
  if (g === "week") return `Week of ${dayFormat.format(utc(iso))}`;
  return dayFormat.format(utc(iso));
}

/** An axis label: "Mar 2026" for months, "Mar 2" for weeks and days (the tooltip has the year). */
export function shortCohortLabel(g: Grain, iso: string) {
  return g === "month" ? monthFormat.format(utc(iso)) : dayOfYearFormat.format(utc(iso));
}

const capitalised = (g: Grain) => `${g[0]!.toUpperCase()}${g.slice(1)}`;

/** "Month 0", "Week 3", "Day 14". */
export function periodLabel(g: Grain, k: number) {
  return `${capitalised(g)} ${k}`;
}

/** "Months since the cohort's start". */
export function periodsAxisLabel(g: Grain) {
  return `${capitalised(g)}s since the cohort's start`;
}
