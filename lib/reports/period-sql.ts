import "server-only";
import { raw, sql, type Sql } from "@/lib/db/sql";
import type { Period } from "./retention/definition";

/**
 * Period arithmetic on local wall-clock times (SQL `timestamp` in the project's zone), shared by the retention report
 * and the activity rollup so that both count periods the same way.
 */

export const UNIT: Record<Period, string> = { day: "interval '1 day'", week: "interval '7 days'", month: "interval '1 month'" };

export const unit = (g: Period) => raw(UNIT[g]);

// date_part returns a double: PostgreSQL's extract returns numeric, several times slower over a million rows.
export const monthNo = (d: Sql) => sql`(date_part('year', ${d}) * 12 + date_part('month', ${d}))::int`;

/**
 * The number of the period holding local time (or date) t: days and ISO weeks since Monday 2000-01-03, months as
 * year·12 + month. The difference of two is calendarIndex of their period starts.
 */
export function periodNumber(g: Period, t: Sql): Sql {
  if (g === "day") return sql`(${t}::date - date '2000-01-03')`;
  if (g === "week") return sql`((date_trunc('week', ${t})::date - date '2000-01-03') / 7)`;
  return monthNo(t);
}

/**
 * periodNumber("week", t) from t's wall-clock epoch seconds (date_part('epoch', t)), for a query that has them:
 * day 10,959 is Monday 2000-01-03, and (day + 3) / 7 counts weeks from Monday to Monday.
 */
export const weekNumberOfEpoch = (epoch: Sql) => sql`(floor((${epoch} / 86400 + 3) / 7)::int - 1566)`;

/** periodNumber of a period-start date (ISO), computed in Node: a constant the statements are written with. */
export function periodNumberOf(g: Period, iso: string): number {
  const d = new Date(`${iso}T00:00:00Z`);
  if (g === "month") return d.getUTCFullYear() * 12 + d.getUTCMonth() + 1;
  const days = Math.round((d.getTime() - Date.UTC(2000, 0, 3)) / 86_400_000);
  return g === "week" ? Math.floor(days / 7) : days;
}

/** Calendar periods from the period starting on `cohortPeriod` to the one starting on `start` (both period-start dates). */
export function calendarIndex(g: Period, start: Sql, cohortPeriod: Sql): Sql {
  if (g === "day") return sql`(${start} - ${cohortPeriod})`;
  if (g === "week") return sql`((${start} - ${cohortPeriod}) / 7)`;
  return sql`(${monthNo(start)} - ${monthNo(cohortPeriod)})`;
}

/** The parts of a local time that period arithmetic reads; a query can compute them once per row and pass columns. */
export type MomentParts = { epoch: Sql; week: Sql; month: Sql; inMonth: Sql };

export const momentParts = (t: Sql): MomentParts => ({
  epoch: sql`date_part('epoch', ${t})`,
  week: periodNumber("week", t),
  month: monthNo(t),
  inMonth: sql`(${t} - date_trunc('month', ${t}))`,
});

/**
 * Whole periods elapsed from local time f to local time t, as TIMESTAMPDIFF counts them: days and weeks are whole
 * 24-hour and 7-day spans of wall-clock time; a month has elapsed when t's day of month and time of day (its offset
 * into its month) reach f's.
 */
export function elapsedBetween(g: Period, f: Pick<MomentParts, "epoch" | "month" | "inMonth">, t: Pick<MomentParts, "epoch" | "month" | "inMonth">): Sql {
  if (g === "day") return sql`floor((${t.epoch} - ${f.epoch}) / 86400)::int`;
  if (g === "week") return sql`floor((${t.epoch} - ${f.epoch}) / 604800)::int`;
  return sql`(${t.month} - ${f.month} - case when ${t.inMonth} < ${f.inMonth} then 1 else 0 end)`;
}

export const elapsedIndex = (g: Period, f: Sql, t: Sql) => elapsedBetween(g, momentParts(f), momentParts(t));

/** The local moment elapsed period k starts for someone whose cohort moment is f. */
export function elapsedStart(g: Period, f: Sql, k: Sql): Sql {
  if (g !== "month") return sql`(${f} + ${k} * ${unit(g)})`;
  // From Jan 31, month 1 starts when day and time reach (31, time): never in February, so at March 1 00:00.
  return sql`(case when date_part('day', ${f} + ${k} * interval '1 month') < date_part('day', ${f})
    then date_trunc('month', ${f} + ${k} * interval '1 month') + interval '1 month' else ${f} + ${k} * interval '1 month' end)`;
}

/** Whole periods from one period start to another (ISO dates, both period starts of the grain). */
export function periodsBetween(g: Period, from: string, to: string): number {
  return periodNumberOf(g, to) - periodNumberOf(g, from);
}

/** The start of the period before the one starting on `iso` (a period start). */
export function periodBefore(g: Period, iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (g === "month") d.setUTCMonth(d.getUTCMonth() - 1);
  else d.setUTCDate(d.getUTCDate() - (g === "week" ? 7 : 1));
  return d.toISOString().slice(0, 10);
}
