import type { Period } from "./definition";

// Cohort dates are local calendar days (YYYY-MM-DD); formatted in UTC so the label is that same day everywhere.
const day = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const month = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const dayOfYear = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** "Mar 2026", "Week of Mar 2, 2026", "Mar 3, 2026". */
export function cohortLabel(period: Period, iso: string) {
  if (period === "month") return month.format(utc(iso));
  if (period === "week") return `Week of ${day.format(utc(iso))}`;
  return day.format(utc(iso));
}

/** An axis label: "Mar 2026" for months, "Mar 2" for weeks and days (the tooltip has the year). */
export function shortCohortLabel(period: Period, iso: string) {
  return period === "month" ? month.format(utc(iso)) : dayOfYear.format(utc(iso));
}

const capitalised = (period: Period) => `${period[0]!.toUpperCase()}${period.slice(1)}`;

/** "Month 0", "Week 3", "Day 14". */
export function periodLabel(period: Period, k: number) {
  return `${capitalised(period)} ${k}`;
}

/** "Months since the cohort's start". */
export function periodsAxisLabel(period: Period) {
  return `${capitalised(period)}s since the cohort's start`;
}
