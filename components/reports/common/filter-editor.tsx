"use client";

import { useEffect, useId, useState } from "react";
import { FILTER_OPS, formatFilter, type FilterOp, type FilterScope } from "@/lib/reports/filters";
import { filterProblem } from "@/lib/reports/filter-check";
import { knownProperties, type PropertyNames } from "@/lib/reports/vocabulary";
import { useFilterSupport } from "./filter-support";

const OP_LABELS: Record<FilterOp, string> = {
  "=": "is",
  "!=": "is not",
  ">": ">",
  ">=": "≥",
  "<": "<",
  "<=": "≤",
  contains: "contains",
  starts_with: "starts with",
  not_starts_with: "does not start with",
  is_set: "is set",
  is_not_set: "is not set",
};
const SCOPES: readonly { value: FilterScope; label: string }[] = [
  { value: "person", label: "Person" },
  { value: "event", label: "Event" },
];

/**
 * A parameter's property filters as chips, one a filter: "Add filter" picks the scope, the property (the project's
 * vocabulary), the operator and a value among the property's most common ones; a filter may also be typed in the
 * grammar of filters.ts. A chip the page could not use is red and says why (the same check the data layer makes), and
 * stays, so that it can be mended or removed.
 */
export function FilterEditor({
  label,
  parameter,
  filters,
  onChange,
  vocabulary,
}: {
  label: string;
  parameter: string;
  filters: string[];
  onChange: (filters: string[]) => void;
  vocabulary: PropertyNames;
}) {
  const { examples } = useFilterSupport();
  const [picking, setPicking] = useState(false);
  const [typed, setTyped] = useState("");
  const example = examples.person ?? examples.event ?? "revenue > 0";

  const add = (text: string) => {
    if (text.trim() && !filters.includes(text.trim())) onChange([...filters, text.trim()]);
  };
  const addTyped = () => {
    add(typed);
    setTyped("");
  };

  return (
    // The legend names the group; the fields inside keep short names of their own, which no other field's name contains.
    <fieldset className="block text-sm" data-testid={`filters-${parameter}`}>
      <legend className="text-xs font-medium text-slate-600">{label}</legend>
      <ul className="mt-1 flex flex-wrap items-start gap-2">
        {filters.map((text, i) => {
          const problem = filterProblem(text, parameter, vocabulary);
          return (
            <li
              key={`${text}-${i}`}
              data-testid="filter-chip"
              data-invalid={problem ? "true" : undefined}
              className={`max-w-full rounded-2xl py-1 pr-1 pl-3 text-xs ${problem ? "border border-red-300 bg-red-50 text-red-800" : "bg-brand-50 text-brand-700"}`}
            >
              <span className="inline-flex items-center gap-1">
                <code className="break-all">{text}</code>
                <button type="button" aria-label={`Remove filter ${text}`} className="rounded-full px-1.5 hover:bg-black/5" onClick={() => onChange(filters.filter((_, j) => j !== i))}>
                  ×
                </button>
              </span>
              {problem && <span className="block pr-2 pb-0.5 text-[11px]">Not applied: {problem}</span>}
            </li>
          );
        })}
        <li>
          <button type="button" className="btn-secondary px-2 py-1 text-xs" aria-expanded={picking} onClick={() => setPicking(!picking)}>
            Add filter
          </button>
        </li>
      </ul>
      {picking && (
        <FilterPicker
          vocabulary={vocabulary}
          onAdd={(text) => {
            add(text);
            setPicking(false);
          }}
        />
      )}
      <div className="mt-2 flex gap-2">
        <input
          className="input flex-1 py-1 font-mono text-xs"
          aria-label="Type a filter"
          placeholder={`or type one: ${example}`}
          // As wide as its example (a monospace font: one ch a character) and its padding, so the example is never cut off.
          style={{ minWidth: `calc(${`or type one: ${example}`.length + 1}ch + 2rem)` }}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            // Enter adds the filter here rather than sending the report's form with it still unadded.
            if (e.key !== "Enter") return;
            e.preventDefault();
            addTyped();
          }}
        />
        <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={!typed.trim()} onClick={addTyped}>
          Add
        </button>
      </div>
    </fieldset>
  );
}

type Suggestions = { values: { value: string; count: number }[]; sampled: boolean } | { error: string } | null;

/** The small form behind "Add filter": scope, property, operator and value, with the property's common values to pick. */
function FilterPicker({ vocabulary, onAdd }: { vocabulary: PropertyNames; onAdd: (text: string) => void }) {
  const { valuesUrl } = useFilterSupport();
  const [scope, setScope] = useState<FilterScope>(vocabulary.personProperties.length || !vocabulary.eventProperties.length ? "person" : "event");
  const properties = knownProperties(vocabulary, scope);
  const [property, setProperty] = useState("");
  const [op, setOp] = useState<FilterOp>("=");
  const [value, setValue] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestions>(null);
  const listId = useId();
  const unary = op === "is_set" || op === "is_not_set";
  const chosen = property || properties[0] || "";

  useEffect(() => {
    if (!valuesUrl || !chosen || unary) return;
    const abort = new AbortController();
    // A short pause while typing, so that each key does not send a request.
    const timer = setTimeout(() => {
      const q = new URLSearchParams({ scope, property: chosen, search: value, limit: "20" });
      fetch(`${valuesUrl}?${q}`, { signal: abort.signal })
        .then(async (res) => {
          const body = await res.json();
          setSuggestions(res.ok ? body : { error: body?.error?.message ?? "The values could not be read." });
        })
        .catch((e: unknown) => {
          if ((e as Error).name !== "AbortError") setSuggestions({ error: "The values could not be read." });
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [valuesUrl, scope, chosen, value, unary]);

  const ready = !!chosen && (unary || value.trim() !== "");
  const submit = () => ready && onAdd(formatFilter({ scope, property: chosen, op, value: unary ? null : value.trim() }));

  return (
    <div role="group" aria-label="New filter" className="mt-2 space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2">
      <div className="flex flex-wrap gap-2">
        <select
          className="input w-auto py-1 text-xs"
          aria-label="Filter scope"
          value={scope}
          onChange={(e) => {
            setScope(e.target.value as FilterScope);
            setProperty("");
            setValue("");
          }}
        >
          {SCOPES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <select
          className="input w-auto py-1 text-xs"
          aria-label="Filter property"
          value={chosen}
          onChange={(e) => {
            setProperty(e.target.value);
            setValue("");
          }}
        >
          {properties.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <select className="input w-auto py-1 text-xs" aria-label="Filter operator" value={op} onChange={(e) => setOp(e.target.value as FilterOp)}>
          {FILTER_OPS.map((o) => (
            <option key={o} value={o}>
              {OP_LABELS[o]}
            </option>
          ))}
        </select>
        {!unary && (
          <input
            className="input w-48 py-1 text-xs"
            aria-label="Filter value"
            aria-controls={listId}
            placeholder="value (type to narrow)"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              submit();
            }}
          />
        )}
        <button type="button" className="btn-primary px-2 py-1 text-xs" disabled={!ready} onClick={submit}>
          Add this filter
        </button>
      </div>
      {!unary && suggestions && "error" in suggestions && <p className="text-xs text-red-700">{suggestions.error}</p>}
      {!unary && suggestions && "values" in suggestions && (
        <ul id={listId} aria-label="Suggested values" className="flex max-h-32 flex-wrap gap-1 overflow-y-auto">
          {suggestions.values.length === 0 && <li className="text-xs text-slate-500">No values{value ? ` containing “${value}”` : ""}.</li>}
          {suggestions.values.map((s) => (
            <li key={s.value}>
              <button
                type="button"
                className={`rounded border px-1.5 py-0.5 text-xs ${s.value === value ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-white hover:bg-slate-100"}`}
                onClick={() => setValue(s.value)}
              >
                {s.value} <span className="text-slate-500">{s.count.toLocaleString("en")}</span>
              </button>
            </li>
          ))}
          {suggestions.sampled && <li className="text-xs text-slate-500">Counted over a part of the rows.</li>}
        </ul>
      )}
    </div>
  );
}
