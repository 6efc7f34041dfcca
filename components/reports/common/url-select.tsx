"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { withGiven } from "./form-fields";

/**
 * A select whose choice is one URL parameter: choosing navigates, so the view stays a link. An empty choice removes
 * the parameter; `clears` names parameters that no longer fit after a change (a range counted in other periods). A
 * value none of the options has is shown as given.
 */
export function UrlSelect({ name, label, ariaLabel, value, options, clears = [], width = "w-auto" }: {
  name: string;
  label?: string;
  ariaLabel: string;
  value: string;
  options: readonly { value: string; label: string }[];
  clears?: string[];
  width?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const choose = (choice: string) => {
    const next = new URLSearchParams(search.toString());
    if (choice) next.set(name, choice);
    else next.delete(name);
    for (const other of clears) next.delete(other);
    router.push(`${pathname}?${next}`);
  };
  const select = (
    <select className={`input ${width} py-1.5`} aria-label={ariaLabel} value={value} onChange={(e) => choose(e.target.value)}>
      {withGiven(options, value).map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  if (!label) return select;
  return (
    <label className="flex items-center gap-2 text-sm whitespace-nowrap text-slate-600">
      {label}
      {select}
    </label>
  );
}
