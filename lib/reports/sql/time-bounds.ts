import "server-only";
import { sql, type Sql } from "@/lib/db/sql";

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
