"use client";

import { useState } from "react";
import { Field } from "./form-fields";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_BACK = /^-\d{1,5}d$/;

/** Days before the as-of day a range end is often set to (counting the as-of day); each is the URL's own `-<n>d`. */
const RELATIVE_PRESETS = [
  { value: "-0d", label: "As-of day" },
  { value: "-6d", label: "7 days" },
  { value: "-29d", label: "30 days" },
  { value: "-89d", label: "90 days" },
  { value: "-181d", label: "26 weeks" },
  { value: "-364d", label: "1 year" },
];

/**
 * A day of a range: a date picker, or (for `from` and `to`) a number of days before the as-of day, as the URL
 * writes it (`-30d`). The small menu beside the field switches between the two and offers common relative days; the
 * value stays the URL's text either way. A value neither form reads (an as-of date-time) is shown as typed text.
 */
export function DateField({ label, name, value, onChange, fallback, relative = true }: {
  label: string;
  /** The control's accessible name (the e2e suite and the URL's parameter read alike: From, To, As of). */
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** What an empty field means ("-90d", "as-of day", "now"). */
  fallback: string;
  /** Whether the parameter takes `-<n>d` (from and to do, as_of does not). */
  relative?: boolean;
}) {
  const [typed, setTyped] = useState(() => value !== "" && !DATE.test(value));
  const presetValue = DAYS_BACK.test(value) && RELATIVE_PRESETS.some((p) => p.value === value) ? value : typed ? "days" : "date";
  const input = typed ? (
    <input
      className="input w-auto py-1.5 font-mono"
      aria-label={name}
      value={value}
      placeholder={relative ? "-30d" : fallback}
      size={Math.max(6, value.length + 1, relative ? 5 : fallback.length + 1)}
      onChange={(e) => onChange(e.target.value)}
    />
  ) : (
    <input className="input w-auto py-1.5" type="date" aria-label={name} value={value} onChange={(e) => onChange(e.target.value)} />
  );
  return (
    <Field label={label} hint={value === "" ? `empty: ${fallback}` : undefined}>
      <span className="flex items-center gap-1">
        {input}
        {relative && (
          <select
            className="input w-auto px-1.5 py-1.5 text-xs text-slate-600"
            aria-label="Date or days back"
            value={presetValue}
            onChange={(e) => {
              const choice = e.target.value;
              if (choice === "date") {
                setTyped(false);
                if (!DATE.test(value)) onChange("");
              } else if (choice === "days") {
                setTyped(true);
                if (!DAYS_BACK.test(value)) onChange("");
              } else {
                setTyped(true);
                onChange(choice);
              }
            }}
          >
            <option value="date">Date</option>
            <option value="days">Days back</option>
            {RELATIVE_PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        )}
      </span>
    </Field>
  );
}
