import "server-only";
import { raw, sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { UNIT } from "../period-sql";
import { boundsCte } from "../time-bounds";
import type { RetentionParams } from "./definition";

/** The report's time bounds, resolved by a first small statement and then bound as values, so the planner sees them. */
export type RetentionBounds = {
  asOf: string; // instant, ISO
  asOfLocal: string; // wall-clock in the project's zone
  asOfDay: string;
  asOfPeriod: string;
  fromDay: string;
  toDay: string;
  /** The first cohort period: the earliest activity a cohort can count. */
  actFrom: string;
  lastCohort: string;
};

/** Resolves as_of, from and to in the project's zone (see time-bounds.ts) into the report's bounds. */
export function boundsQuery(project: ReportProject, p: RetentionParams, now: Date): Sql {
  const g = raw(`'${p.period}'`);
  const unit = raw(UNIT[p.period]);
  const fromDay = p.from ? sql`from_day` : sql`(date_trunc(${g}, as_of_day) - ${p.periods - 1} * ${unit})::date`;
  return sql`select as_of, to_char(as_of at time zone ${project.timezone}, 'YYYY-MM-DD"T"HH24:MI:SS.MS') as as_of_local, as_of_day::text as as_of_day,
    date_trunc(${g}, as_of at time zone ${project.timezone})::date::text as as_of_period,
    ${fromDay}::text as from_day, to_day::text as to_day, date_trunc(${g}, ${fromDay})::date::text as act_from,
    date_trunc(${g}, to_day)::date::text as last_cohort
  from (${boundsCte({ as_of: p.as_of, to: p.to, from: p.from }, project.timezone, now)}) bounds`;
}

/** The bounds as typed SQL values. */
export function boundValues(b: RetentionBounds) {
  return {
    asOf: sql`${b.asOf}::timestamptz`,
    asOfLocal: sql`${b.asOfLocal}::timestamp`,
    asOfPeriod: sql`${b.asOfPeriod}::date`,
    fromDay: sql`${b.fromDay}::date`,
    toDay: sql`${b.toDay}::date`,
    actFrom: sql`${b.actFrom}::date`,
    lastCohort: sql`${b.lastCohort}::date`,
  };
}
