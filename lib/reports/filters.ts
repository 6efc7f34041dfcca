import { z } from "zod";

/**
 * Property filters, shared by every report: `<property> <op> <value>`. A bare name is an event property
 * (`Quantity > 0`), `person.<name>` a person property (`person.plan = Annual`); names and values with spaces are
 * double-quoted (`"Unit Price" >= 2.5`, `person.country = "United Kingdom"`).
 */
export const FILTER_OPS = ["=", "!=", ">", ">=", "<", "<=", "contains", "starts_with", "not_starts_with", "is_set", "is_not_set"] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Whose property a filter reads: `person.<name>` a person's, a bare name the event's. */
export type FilterScope = "event" | "person";

export type PropertyFilter = {
  scope: FilterScope;
  property: string;
  op: FilterOp;
  value: string | null;
};

const NUMERIC_OPS = new Set<FilterOp>([">", ">=", "<", "<="]);
const UNARY_OPS = new Set<FilterOp>(["is_set", "is_not_set"]);
// Longest first, so ">=" is not read as ">" followed by "=".
const OPS_BY_LENGTH = [...FILTER_OPS].sort((a, b) => b.length - a.length);

/** Reads one quoted or bare token from the start of `text`. */
function readToken(text: string): { token: string; rest: string } | null {
  const s = text.trimStart();
  if (!s) return null;
  if (s.startsWith('"')) {
    let out = "";
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === "\\" && i + 1 < s.length) out += s[++i];
      else if (c === '"') return { token: out, rest: s.slice(i + 1) };
      else out += c;
    }
    throw new Error("a quoted name or value is missing its closing quote");
  }
  const m = /^[^\s]+/.exec(s)!;
  return { token: m[0], rest: s.slice(m[0].length) };
}

export function parseFilter(text: string): PropertyFilter {
  const first = readToken(text);
  if (!first) throw new Error("the filter is empty");
  let { token: name, rest } = first;
  // A bare property glued to its operator (`Quantity>0`) is split here.
  if (!text.trimStart().startsWith('"')) {
    const glued = /^([^<>=!]+)(>=|<=|!=|=|>|<)(.*)$/.exec(name);
    if (glued) {
      name = glued[1]!;
      rest = glued[2]! + glued[3]! + rest;
    }
  }
  const afterName = rest.trimStart();
  const op = OPS_BY_LENGTH.find((o) => afterName.startsWith(o) && (/[a-z]/.test(o) ? !/^[a-z_]/.test(afterName.slice(o.length)) : true));
  if (!op) throw new Error(`expected an operator after "${name}" (one of ${FILTER_OPS.join(" ")})`);
  const valueText = afterName.slice(op.length);

  let scope: PropertyFilter["scope"] = "event";
  let property = name;
  if (name.startsWith("person.")) {
    scope = "person";
    property = name.slice("person.".length);
  }
  if (!property) throw new Error("the property name is empty");

  if (UNARY_OPS.has(op)) {
    if (valueText.trim()) throw new Error(`${op} takes no value`);
    return { scope, property, op, value: null };
  }
  const valueToken = readToken(valueText);
  if (!valueToken) throw new Error(`${op} needs a value`);
  const quoted = valueText.trimStart().startsWith('"');
  const value = quoted ? valueToken.token : valueText.trim();
  if (quoted && valueToken.rest.trim()) throw new Error("unexpected text after the quoted value");
  if (NUMERIC_OPS.has(op) && !isNumeric(value)) throw new Error(`${op} compares numbers, and "${value}" is not a number`);
  return { scope, property, op, value };
}

export function isNumeric(value: string) {
  return /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value);
}

/** The text form of a filter, quoting where needed, so that parse(format(f)) equals f. */
export function formatFilter(f: PropertyFilter): string {
  const quote = (s: string) => (/^[^\s"<>=!]+$/.test(s) ? s : `"${s.replace(/(["\\])/g, "\\$1")}"`);
  const name = (f.scope === "person" ? "person." : "") + f.property;
  const value = f.value === null ? "" : ` ${/^[^\s"]+$/.test(f.value) ? f.value : `"${f.value.replace(/(["\\])/g, "\\$1")}"`}`;
  return `${quote(name)} ${f.op}${value}`;
}

/** The properties a parameter's filters name, for the check against the project's own. */
export function filterReferences(parameter: string, filters: PropertyFilter[]) {
  return filters.map((f) => ({ parameter, scope: f.scope, property: f.property }));
}

/** A zod field for repeated `where` clauses: each string parsed, a bad one reported with its text and reason. */
export const filtersField = z
  .array(z.string())
  .default([])
  .transform((clauses, ctx) => {
    const out: PropertyFilter[] = [];
    for (const clause of clauses) {
      if (!clause.trim()) continue;
      try {
        out.push(parseFilter(clause));
      } catch (e) {
        ctx.addIssue({ code: "custom", message: `Filter "${clause}": ${(e as Error).message}.` });
        return z.NEVER;
      }
    }
    return out;
  });
