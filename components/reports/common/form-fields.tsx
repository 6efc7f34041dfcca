import { asArray, single, type RawParams } from "@/lib/reports/params";

/** A parameter's value as a text field shows it, and a repeated one as lines of a text area. */
export const textOf = (v: RawParams[string]) => (single(v) as string | undefined) ?? "";
export const linesOf = (v: RawParams[string]) => (asArray(v) as string[]).join("\n");

/** A labelled field of a report's parameter form. */
export function Field({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <label className={`block text-sm ${wide ? "md:col-span-2" : ""}`}>
      <span className="text-xs font-medium text-slate-600">{label}</span>
      <div className="mt-1">{children}</div>
    </label>
  );
}

/** A labelled select over a definition's choices. */
export function Choice({ label, name, value, options, onChange }: {
  label: string;
  name: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <Field label={label}>
      <select className="input" aria-label={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
