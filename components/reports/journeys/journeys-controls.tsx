"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { JOURNEY_DEFAULTS, MAX_DEPTH, MAX_SEQUENCE } from "@/lib/reports/journeys/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { Field, FilterField, textOf as text, withGiven, personPropertyOptions } from "../common/form-fields";
import { useParamsForm } from "../common/use-params-form";
import { ControlBar } from "../common/control-bar";
import { DateField } from "../common/date-field";
import { UrlSelect } from "../common/url-select";

const SESSIONS = [
  { value: "", label: "All sessions" },
  { value: "first:1", label: "First session" },
  { value: "first:3", label: "First 3 sessions" },
  { value: "last:1", label: "Last session" },
  { value: "last:3", label: "Last 3 sessions" },
];

/** A choice of two or three, each a link to the URL with it: the quick switches above the form. */
function Toggle({ name, label, value, options }: { name: string; label: string; value: string; options: { value: string; label: string }[] }) {
  const pathname = usePathname();
  const search = useSearchParams();
  const href = (choice: string) => {
    const next = new URLSearchParams(search.toString());
    next.set(name, choice);
    return `${pathname}?${next}`;
  };
  return (
    <div className="flex items-center gap-2 text-sm text-slate-600">
      {label}
      <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm shadow-xs" role="group" aria-label={label}>
        {options.map((o) => (
          <Link key={o.value} href={href(o.value)} aria-pressed={value === o.value} className={`rounded px-2.5 py-1 ${value === o.value ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}>
            {o.label}
          </Link>
        ))}
      </div>
    </div>
  );
}

/**
 * Quick switches (segment, unit, sessions, repeats) that change the URL at once, and a form for the rest: the
 * source, the pages to remove, the chosen page, the sequence length, the path chart and the range.
 */
export function JourneysControls({ params, vocabulary }: ReportControlsProps) {
  const search = useSearchParams();
  const { form, set, choose, apply } = useParamsForm(
    params,
    { event: "", by: "", page: "", n: "", start: "", end: "", depth: "", from: "", to: "", as_of: "" },
    ["remove", "where"],
  );
  // The quick switches' choices stay as they are.
  const keepSwitches = (q: URLSearchParams) => {
    for (const name of ["segment", "unit", "sessions", "repeats"]) {
      const v = search.get(name);
      if (v) q.set(name, v);
    }
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <UrlSelect
          name="segment"
          label="Segment"
          ariaLabel="Segment"
         
          value={text(params.segment)}
          options={[{ value: "", label: "Nothing" }, ...personPropertyOptions(vocabulary)]}
        />
        <Toggle name="unit" label="Journey of a" value={text(params.unit) || JOURNEY_DEFAULTS.unit} options={[{ value: "person", label: "Person" }, { value: "session", label: "Session" }]} />
        <UrlSelect name="sessions" label="Sessions" ariaLabel="Sessions" value={text(params.sessions) === "all" ? "" : text(params.sessions)} options={SESSIONS} />
        <Toggle
          name="repeats"
          label="Repeated pages"
          value={text(params.repeats) || JOURNEY_DEFAULTS.repeats}
          options={[{ value: "collapse", label: "Collapse" }, { value: "keep", label: "Keep" }]}
        />
      </div>
      <ControlBar
        onSubmit={apply(keepSwitches)}
        moreSet={!!(form.start || form.end || form.remove || form.where) || (form.depth !== "" && form.depth !== String(JOURNEY_DEFAULTS.depth))}
        more={
          <>
            <Field label="Paths from page">
              <input className="input w-40 py-1.5" list="journey-pages" aria-label="Start page" placeholder="Homepage" value={form.start} onChange={set("start")} />
            </Field>
            <Field label="or paths to page">
              <input className="input w-40 py-1.5" list="journey-pages" aria-label="End page" placeholder="Checkout" value={form.end} onChange={set("end")} />
            </Field>
            <Field label={`Path depth (1–${MAX_DEPTH})`}>
              <input className="input w-20 py-1.5" aria-label="Depth" type="number" min={1} max={MAX_DEPTH} placeholder={String(JOURNEY_DEFAULTS.depth)} value={form.depth} onChange={set("depth")} />
            </Field>
            <DateField label="As of" name="As of" value={form.as_of} onChange={choose("as_of")} fallback="now" relative={false} />
            <Field label="Remove pages (one per line)" wide>
              <textarea className="input h-16 text-xs" aria-label="Remove pages" placeholder="Other" value={form.remove} onChange={set("remove")} />
            </Field>
            <FilterField label="Filter events" parameter="where" value={form.where} onChange={choose("where")} vocabulary={vocabulary} wide />
          </>
        }
      >
        <datalist id="journey-pages">
          {vocabulary.events.map((e) => (
            <option key={e} value={e} />
          ))}
        </datalist>
        <Field label="Events (empty: page journeys)">
          <input className="input w-44 py-1.5" list="journey-pages" aria-label="Event" placeholder="page journeys" value={form.event} onChange={set("event")} />
        </Field>
        <Field label="Pages named by property">
          <select className="input w-auto py-1.5" aria-label="By" value={form.by} onChange={set("by")}>
            {withGiven([{ value: "", label: "The event's name" }, ...knownProperties(vocabulary, "event").map((p) => ({ value: p, label: p }))], form.by).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Page to look around">
          <input className="input w-40 py-1.5" list="journey-pages" aria-label="Page" placeholder="Pricing" value={form.page} onChange={set("page")} />
        </Field>
        <Field label={`Sequence length (2–${MAX_SEQUENCE})`}>
          <input className="input w-20 py-1.5" aria-label="Sequence length" type="number" min={2} max={MAX_SEQUENCE} placeholder={String(JOURNEY_DEFAULTS.n)} value={form.n} onChange={set("n")} />
        </Field>
        <DateField label="From (events with a clock)" name="From" value={form.from} onChange={choose("from")} fallback={JOURNEY_DEFAULTS.from} />
        <DateField label="To" name="To" value={form.to} onChange={choose("to")} fallback="as-of day" />
      </ControlBar>
    </div>
  );
}
