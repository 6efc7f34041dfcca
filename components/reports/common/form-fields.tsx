import { asArray, single, type RawParams } from "@/lib/reports/params";
import { knownProperties, type PropertyNames } from "@/lib/reports/vocabulary";
import { FilterEditor } from "./filter-editor";

/** A parameter's value as a text field shows it, and a repeated one as lines of a text area. */
export const textOf = (v: RawParams[string]) => (single(v) as string | undefined) ?? "";
export const linesOf = (v: RawParams[string]) => (asArray(v) as string[]).join("\n");

/**
 * A labelled field of a report's parameter form: as wide as its label and its control (a flex item of the control
 * bar, which wraps), so neither is ever cut off; `wide` for a text area of filters. `hint` says what an empty field
 * means, where a date picker has no room for a placeholder.
 */
export function Field({ label, children, wide, hint }: { label: string; children: React.ReactNode; wide?: boolean; hint?: string }) {
  return (
    <label className={`flex flex-col text-sm ${wide ? "w-80" : ""}`}>
      <span className="text-xs font-medium whitespace-nowrap text-slate-600">
        {label}
        {hint && <span className="font-normal text-slate-400"> · {hint}</span>}
      </span>
      <div className="mt-1">{children}</div>
    </label>
  );
}

/**
 * A select's choices with the value it shows among them: a value the choices lack (an event or property the project
 * has none of, an old saved view) is shown as given, first, rather than the browser showing the first choice as if
 * it had been chosen. The report's warning or error says what is wrong with it.
 */
export function withGiven<O extends { value: string; label: string }>(options: readonly O[], value: string): readonly { value: string; label: string }[] {
  return value === "" || options.some((o) => o.value === value) ? options : [{ value, label: value }, ...options];
}

/** A labelled select over a definition's choices, showing the given value even when it is none of them. */
export function Choice({ label, name, value, options, onChange }: {
  label: string;
  name: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label}>
      <select className="input w-auto" aria-label={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {withGiven(options, value).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A parameter's property filters in a report's form: the form keeps them as lines (as it keeps every repeated
 * parameter), the editor shows them as chips.
 */
export function FilterField({ label, parameter, value, onChange, vocabulary, wide }: {
  label: string;
  parameter: string;
  value: string;
  onChange: (value: string) => void;
  vocabulary: PropertyNames;
  wide?: boolean;
}) {
  const filters = value.split("\n").filter((line) => line.trim());
  return (
    <div className={wide ? "md:col-span-2" : ""}>
      <FilterEditor label={label} parameter={parameter} filters={filters} onChange={(next) => onChange(next.join("\n"))} vocabulary={vocabulary} />
    </div>
  );
}

/** The project's person properties as choices named as a breakdown or filter names them (`person.plan`). */
export const personPropertyOptions = (vocabulary: PropertyNames) =>
  knownProperties(vocabulary, "person").map((p) => ({ value: `person.${p}`, label: `Person: ${p}` }));
