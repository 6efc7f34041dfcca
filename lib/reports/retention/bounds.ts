import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import { nothingAfter } from "../rollups/activity-days";
import { runQuery, type ReportContext } from "../run-query";
import { periodStart, unit } from "../sql/periods";
import { boundsCte } from "../sql/time-bounds";
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
  /** No event of the project is later than as_of: the activity rollup then holds nothing the report must not see. */
  nothingAfter: boolean;
};

type BoundsRow = { as_of: Date; as_of_local: string; as_of_day: string; as_of_period: string; from_day: string; to_day: string; act_from: string; last_cohort: string; nothing_after: boolean };

/** Resolves as_of, from and to in the project's zone (see sql/time-bounds.ts) into the report's bounds. */
function boundsQuery(ctx: ReportContext, p: RetentionParams): Sql {
  const tz = ctx.project.timezone;
  const fromDay = p.from ? sql`from_day` : sql`(${periodStart(p.period, sql`as_of_day`)} - ${p.periods - 1} * ${unit(p.period)})::date`;
  return sql`select as_of, to_char(as_of at time zone ${tz}, 'YYYY-MM-DD"T"HH24:MI:SS.MS') as as_of_local, as_of_day::text as as_of_day,
    ${periodStart(p.period, sql`as_of at time zone ${tz}`)}::date::text as as_of_period,
    ${fromDay}::text as from_day, to_day::text as to_day, ${periodStart(p.period, fromDay)}::date::text as act_from,
    ${periodStart(p.period, sql`to_day`)}::date::text as last_cohort, ${nothingAfter(ctx.project.id, sql`as_of`)} as nothing_after
  from (${boundsCte({ as_of: p.as_of, to: p.to, from: p.from }, tz, ctx.now)}) bounds`;
}

export async function resolveBounds(ctx: ReportContext, p: RetentionParams): Promise<RetentionBounds> {
  const [row] = await runQuery<BoundsRow>(ctx, "Bounds", boundsQuery(ctx, p));
  if (!row) throw new Error("The bounds query returned no row");
  return {
    asOf: row.as_of.toISOString(),
    asOfLocal: row.as_of_local,
    asOfDay: row.as_of_day,
    asOfPeriod: row.as_of_period,
    fromDay: row.from_day,
    toDay: row.to_day,
    actFrom: row.act_from,
    lastCohort: row.last_cohort,
    nothingAfter: row.nothing_after,
  };
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
