import type { UploadPreview } from "@/lib/ingest/preview";

const DELIMITER_NAMES: Record<string, string> = { ",": "commas", ";": "semicolons", tab: "tabs" };

type Props = {
  preview: UploadPreview;
  mapping: Record<string, string>;
  constants: Record<string, string>;
  onMapping: (mapping: Record<string, string>) => void;
  onConstants: (constants: Record<string, string>) => void;
};

/** The start of the file as detected, and each field of the kind mapped to a column or given one value. */
export function UploadMapping({ preview, mapping, constants, onMapping, onConstants }: Props) {
  return (
    <>
      <p className="text-sm text-slate-600" data-testid="detected">
        Detected: {preview.encoding}, separated by {DELIMITER_NAMES[preview.delimiter] ?? preview.delimiter}, {preview.header.length} columns.
      </p>
      <div className="overflow-x-auto rounded-md border border-slate-200">
        <table className="min-w-full text-xs">
          <thead className="bg-slate-50 text-left">
            <tr>
              {preview.header.map((h, i) => (
                <th key={h} className="px-2 py-1.5 font-medium whitespace-nowrap">
                  {h} <span className="font-normal text-slate-400">{preview.types[i]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.rows.map((row, r) => (
              <tr key={r}>
                {row.map((v, c) => (
                  <td key={c} className="max-w-48 truncate px-2 py-1 whitespace-nowrap">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset className="grid grid-cols-1 gap-3 md:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold text-slate-700">Mapping</legend>
        {preview.fields.map((f) => (
          <label key={f.field} className="block text-sm">
            <span className="font-medium text-slate-700">
              {f.label}
              {f.required ? " *" : ""}
            </span>
            <select
              aria-label={`Column for ${f.label}`}
              className="input mt-1"
              value={mapping[f.field] ?? ""}
              onChange={(e) => onMapping({ ...mapping, [f.field]: e.target.value })}
            >
              <option value="">{f.constantAllowed ? "— one value for all rows —" : "— not in this file —"}</option>
              {preview.header.map((h) => (
                <option key={h}>{h}</option>
              ))}
            </select>
            {f.constantAllowed && !mapping[f.field] && (
              <input
                aria-label={`One ${f.label} for every row`}
                placeholder={`e.g. purchase`}
                className="input mt-1"
                value={constants[f.field] ?? ""}
                onChange={(e) => onConstants({ ...constants, [f.field]: e.target.value })}
              />
            )}
          </label>
        ))}
      </fieldset>
      <p className="text-xs text-slate-500">Columns mapped to no field become properties under their header names.</p>
    </>
  );
}
