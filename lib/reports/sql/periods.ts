import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import type { Grain } from "../periods";
import { fromTable } from "./identifiers";

/**
 * Period arithmetic on local wall-clock times (SQL `timestamp` in the project's zone), shared by every report and
 * by the activity rollup, so that all of them count periods the same way.
 */

const UNITS: ReadonlyMap<string, string> = new Map([
  ["day", "interval '1 day'"],
  ["week", "interval '7 days'"],
  ["month", "interval '1 month'"],
]);
const TRUNC: ReadonlyMap<string, string> = new Map([
  ["day", "'day'"],
  ["week", "'week'"],
  ["month", "'month'"],
]);

/** One period as an interval: `interval '7 days'`. */
export const unit = (g: Grain) => fromTable(UNITS, g, "period");

/** The grain as date_trunc's first argument: `'week'`. */
export const truncUnit = (g: Grain) => fromTable(TRUNC, g, "period");

/** The start of the period holding t, as date_trunc gives it. */
export const periodStart = (g: Grain, t: Sql) => sql`date_trunc(${truncUnit(g)}, ${t})`;

// date_part returns a double: PostgreSQL's extract returns numeric, several times slower over a million rows.
export const monthNo = (d: Sql) => sql`(date_part('year', ${d}) * 12 + date_part('month', ${d}))::int`;

/**
 * The number of the period holding local time (or date) t: days and ISO weeks since Monday 2000-01-03, months as
 * year·12 + month — periodNumberOf in SQL. The difference of two is the calendar periods between them.
 */
export function periodNumber(g: Grain, t: Sql): Sql {
  if (g === "day") return sql`(${t}::date - date '2000-01-03')`;
  if (g === "week") return sql`((date_trunc('week', ${t})::date - date '2000-01-03') / 7)`;
  return monthNo(t);
}

/**
 * periodNumber("week", t) from t's wall-clock epoch seconds (date_part('epoch', t)), for a query that has them:
 * day 10,959 is Monday 2000-01-03, and (day + 3) / 7 counts weeks from Monday to Monday.
 */
export const weekNumberOfEpoch = (epoch: Sql) => sql`(floor((${epoch} / 86400 + 3) / 7)::int - 1566)`;

/** Calendar periods from the period starting on `cohortPeriod` to the one starting on `start` (both period-start dates). */
export function calendarIndex(g: Grain, start: Sql, cohortPeriod: Sql): Sql {
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
export function elapsedBetween(g: Grain, f: Pick<MomentParts, "epoch" | "month" | "inMonth">, t: Pick<MomentParts, "epoch" | "month" | "inMonth">): Sql {
  if (g === "day") return sql`floor((${t.epoch} - ${f.epoch}) / 86400)::int`;
  if (g === "week") return sql`floor((${t.epoch} - ${f.epoch}) / 604800)::int`;
  return sql`(${t.month} - ${f.month} - case when ${t.inMonth} < ${f.inMonth} then 1 else 0 end)`;
}

export const elapsedIndex = (g: Grain, f: Sql, t: Sql) => elapsedBetween(g, momentParts(f), momentParts(t));

/** The local moment elapsed period k starts for someone whose cohort moment is f. */
export function elapsedStart(g: Grain, f: Sql, k: Sql): Sql {
  if (g !== "month") return sql`(${f} + ${k} * ${unit(g)})`;
  // From Jan 31, month 1 starts when day and time reach (31, time): never in February, so at March 1 00:00.
  return sql`(case when date_part('day', ${f} + ${k} * interval '1 month') < date_part('day', ${f})
    then date_trunc('month', ${f} + ${k} * interval '1 month') + interval '1 month' else ${f} + ${k} * interval '1 month' end)`;
}
