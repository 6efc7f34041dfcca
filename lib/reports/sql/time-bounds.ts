import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { runQuery, type ReportContext } from "../run-query";

/**
 * Resolves as_of, from and to into SQL in the project's time zone, so that every date boundary is computed by
 * PostgreSQL's time-zone rules and not by the server's clock or zone.
 * - as_of: a date means the end of that local day; a date-time without a zone is local; default: now.
 * - from / to: local days, inclusive; `-Nd` counts back from the as-of day. `to` defaults to the as-of day.
 */
export type TimeBoundsInput = { as_of?: string; from?: string; to?: string };

export function asOfExpression(asOf: string | undefined, tz: string, now: Date): Sql {
  if (!asOf) return sql`${now.toISOString()}::timestamptz`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    return sql`((${asOf}::date + 1)::timestamp at time zone ${tz} - interval '1 millisecond')`;
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(asOf)) return sql`${asOf}::timestamptz`;
  return sql`(${asOf}::timestamp at time zone ${tz})`;
}

export function dayExpression(day: string | undefined): Sql {
  if (!day) return sql`null::date`;
  const relative = /^-(\d+)d$/.exec(day);
  if (relative) return sql`(as_of_day - ${Number(relative[1])}::int)`;
  return sql`${day}::date`;
}

/** A CTE body `bounds(as_of, as_of_day, from_day, to_day)`. */
export function boundsCte(input: TimeBoundsInput, tz: string, now: Date): Sql {
  return sql`select as_of, as_of_day, ${dayExpression(input.from)} as from_day, coalesce(${dayExpression(input.to)}, as_of_day) as to_day
    from (select a.as_of, (a.as_of at time zone ${tz})::date as as_of_day from (select ${asOfExpression(input.as_of, tz, now)} as as_of) a) r`;
}

/**
 * A range of local days as a report reads its events: as_of, the first and last day, and the instants they start and
 * end at. Resolved by a first small statement and then bound as values, so that the planner of the report's own
 * statement sees them.
 */
export type DayRange = { asOf: string; fromDay: string; toDay: string; readFrom: string; readBefore: string };
/**
 * An event whose time is `at` belongs to the range: timed from its first day to its last, and not after as_of; or
 * without a clock (page journeys), which every range holds.
 */
export function inDayRange(at: Sql, b: DayRange): Sql {
  return sql`(${at} is null or (${at} >= ${b.readFrom}::timestamptz and ${at} < ${b.readBefore}::timestamptz and ${at} <= ${b.asOf}::timestamptz))`;
}

type DayRangeRow = { as_of: Date; from_day: string; to_day: string; read_from: Date; read_before: Date };

/** The range of `input` (`from` defaulting to `defaultFrom`), in the project's zone: the "Bounds" statement. */
export async function resolveDayRange(ctx: ReportContext, input: TimeBoundsInput, defaultFrom: string): Promise<DayRange> {
  const tz = ctx.project.timezone;
  const query = sql`select as_of, from_day::text as from_day, to_day::text as to_day,
    from_day::timestamp at time zone ${tz} as read_from, (to_day + 1)::timestamp at time zone ${tz} as read_before
  from (${boundsCte({ ...input, from: input.from ?? defaultFrom }, tz, ctx.now)}) bounds`;
  const [b] = await runQuery<DayRangeRow>(ctx, "Bounds", query);
  if (!b) throw new Error("The bounds query returned no row");
  // What the parameters alone cannot tell (a date against a day counted back from the clock's as-of, or a default
  // from): an empty range is refused here, with the same words as params.ts's check, rather than answered with zeros.
  if (b.from_day > b.to_day)
    throw new AppError("invalid", `from (${input.from ?? `${defaultFrom}, the default`}) is after to (${input.to ?? `the as-of day, ${b.to_day}`}).`);
  return { asOf: b.as_of.toISOString(), fromDay: b.from_day, toDay: b.to_day, readFrom: b.read_from.toISOString(), readBefore: b.read_before.toISOString() };
}
