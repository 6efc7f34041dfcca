import { sql, type Sql } from "@/lib/db/sql";

/**
 * An expression worked out once per row, in a subquery the planner must not merge into the one above: merged, every
 * column of the subquery that the query above reads would be its whole expression again, and a long sequence
 * (stored compressed) decompressed again by each. A set-returning function in the select list (one row a row) keeps
 * the subquery apart; `offset 0` would too, but a subquery with an offset never runs in parallel workers, and this
 * one does.
 */
export const once = (e: Sql): Sql => sql`unnest(array[${e}])`;
