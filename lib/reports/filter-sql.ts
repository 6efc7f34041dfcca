import "server-only";
import { empty, join, raw, sql, type Sql } from "@/lib/db/sql";
import type { PropertyFilter } from "./filters";

// Person properties stored in typed columns; any other person property lives in the JSON bag.
const PERSON_COLUMNS: Record<string, string> = {
  plan: "plan",
  source: "source",
  platform: "platform",
  country: "country",
};

// Event fields with columns of their own (an upload's revenue and session mappings): a filter on the name reads the
// column, and the property of that name only where the column is empty.
const EVENT_COLUMNS: Record<string, string> = {
  revenue: "e.revenue::text",
  session: "e.session_id",
};

const NUMBER_PATTERN = "^\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*$";

/** The typed column of a person property (an allow-listed identifier), or undefined for one in the JSON bag. */
export const personColumn = (property: string): string | undefined => PERSON_COLUMNS[property];

/** The text value of the filtered property, as an SQL expression over the aliases `e` (event) and `p` (person). */
function propertyExpression(f: PropertyFilter): Sql {
  if (f.scope === "person") {
    const column = personColumn(f.property);
    return column ? raw(`p.${column}`) : sql`(p.properties ->> ${f.property})`;
  }
  const column = EVENT_COLUMNS[f.property];
  return column ? sql`coalesce(${raw(column)}, e.properties ->> ${f.property})` : sql`(e.properties ->> ${f.property})`;
}

function numeric(expr: Sql, op: string, value: string): Sql {
  // Values that are not numbers are skipped (the comparison is false), never an error.
  return sql`(case when ${expr} ~ ${NUMBER_PATTERN} then (${expr})::numeric ${raw(op)} ${Number(value)} else false end)`;
}

function equals(expr: Sql, value: string): Sql {
  // 5 and 5.0 are equal when both sides are numbers; otherwise the text must match exactly.
  const isNum = new RegExp(NUMBER_PATTERN).test(value);
  return isNum
    ? sql`(case when ${expr} ~ ${NUMBER_PATTERN} then (${expr})::numeric = ${Number(value)} else ${expr} = ${value} end)`
    : sql`(${expr} = ${value})`;
}

export function filterCondition(f: PropertyFilter): Sql {
  const expr = propertyExpression(f);
  const v = f.value ?? "";
  switch (f.op) {
    case "=":
      return equals(expr, v);
    case "!=":
      // "is not" keeps rows where the property is missing, as analytics tools do.
      return sql`(${expr} is null or not ${equals(expr, v)})`;
    case ">":
    case ">=":
    case "<":
    case "<=":
      return numeric(expr, f.op, v);
    case "contains":
      return sql`(strpos(lower(${expr}), lower(${v})) > 0)`;
    case "starts_with":
      return sql`starts_with(${expr}, ${v})`;
    case "not_starts_with":
      return sql`(${expr} is null or not starts_with(${expr}, ${v}))`;
    case "is_set":
      return sql`(${expr} is not null)`;
    case "is_not_set":
      return sql`(${expr} is null)`;
  }
}

/** `and …` for every filter (empty when none). */
export function filterConditions(filters: PropertyFilter[]): Sql {
  return filters.length ? sql`and ${join(filters.map(filterCondition), " and ")}` : empty;
}

export function needsPersonJoin(filters: PropertyFilter[]) {
  return filters.some((f) => f.scope === "person");
}
