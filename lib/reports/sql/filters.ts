import "server-only";
import { empty, join, sql, type Sql } from "@/lib/db/sql";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import type { FilterScope, PropertyFilter } from "../filters";
import { fromTable, maybeFromTable } from "./identifiers";

/**
 * Property filters as SQL. Each scope is a table read under a fixed alias — events as `e`, people as `p` — with
 * some properties in typed columns and the rest in its `properties` JSON bag. A statement that filters reads each
 * scope's table under its alias; a new table (campaign sends) joins by adding its scope here. Property names and
 * values are bound parameters; columns come from the constant tables below.
 */
type ScopeColumns = { columns: ReadonlyMap<string, string>; properties: Sql };

const SCOPES: ReadonlyMap<FilterScope, ScopeColumns> = new Map<FilterScope, ScopeColumns>([
  [
    "event",
    {
      // An upload's revenue and session mappings: the column, and the property of that name where the column is empty.
      columns: new Map([
        ["revenue", "coalesce(e.revenue::text, e.properties ->> 'revenue')"],
        ["session", "coalesce(e.session_id, e.properties ->> 'session')"],
      ]),
      properties: sql`e.properties`,
    },
  ],
  ["person", { columns: new Map(PERSON_ATTRIBUTES.map((a) => [a, `p.${a}`])), properties: sql`p.properties` }],
]);

const NUMERIC_OPS: ReadonlyMap<string, string> = new Map([
  [">", ">"],
  [">=", ">="],
  ["<", "<"],
  ["<=", "<="],
]);
const NUMBER_PATTERN = "^\\s*[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?\\s*$";

/** The text value of a property of a scope's row, as an SQL expression over the scope's alias. */
export function propertyExpression(scope: FilterScope, property: string): Sql {
  const columns = SCOPES.get(scope)!;
  return maybeFromTable(columns.columns, property) ?? sql`(${columns.properties} ->> ${property})`;
}

function numeric(expr: Sql, op: string, value: string): Sql {
  // Values that are not numbers are skipped (the comparison is false), never an error.
  return sql`(case when ${expr} ~ ${NUMBER_PATTERN} then (${expr})::numeric ${fromTable(NUMERIC_OPS, op, "operator")} ${Number(value)} else false end)`;
}

function equals(expr: Sql, value: string): Sql {
  // 5 and 5.0 are equal when both sides are numbers; otherwise the text must match exactly.
  const isNum = new RegExp(NUMBER_PATTERN).test(value);
  return isNum
    ? sql`(case when ${expr} ~ ${NUMBER_PATTERN} then (${expr})::numeric = ${Number(value)} else ${expr} = ${value} end)`
    : sql`(${expr} = ${value})`;
}

export function filterCondition(f: PropertyFilter): Sql {
  const expr = propertyExpression(f.scope, f.property);
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

/** The filters of one scope. */
export const inScope = (filters: PropertyFilter[], scope: FilterScope) => filters.filter((f) => f.scope === scope);

export const needsPersonJoin = (filters: PropertyFilter[]) => filters.some((f) => f.scope === "person");

/** A person property's value as a breakdown group: "(none)" where the person has no value. */
export const breakdownExpression = (property: string | undefined): Sql =>
  property ? sql`coalesce(${propertyExpression("person", property)}, '(none)')` : sql`null::text`;

/** Joins the people (as `p`) to the rows of `events e`; left, so that person filters decide and missing people stay. */
export const peopleOfEvents = sql`left join people p on p.project_id = e.project_id and p.person_id = e.person_id`;

/**
 * The same join where the events are one project's own table read from an index alone: the project is given as a
 * value, since the event's own project column would send the scan to the table's rows.
 */
export const peopleOfProjectEvents = (projectId: string): Sql =>
  sql`left join people p on p.project_id = ${projectId}::uuid and p.person_id = e.person_id`;
