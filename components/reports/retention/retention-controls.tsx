"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import type { RawParams } from "@/lib/reports/params";

type Vocabulary = { events: string[]; personProperties: string[] };

const first = (v: RawParams[string]) => (Array.isArray(v) ? v[v.length - 1] : v) ?? "";
const all = (v: RawParams[string]) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function Field({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <label className={`block text-sm ${wide ? "md:col-span-2" : ""}`}>
      <span className="text-xs font-medium text-slate-600">{label}</span>
      <div className="mt-1">{children}</div>
    </label>
  );
}

/** The report's parameters as a form; applying it navigates to the new URL, so every view can be shared. */
export function RetentionControls({ params, vocabulary }: { params: RawParams; vocabulary: Vocabulary }) {
  const router = useRouter();
  const pathname = usePathname();
  const cohortParam = first(params.cohort) || "first";
  const [cohortBy, setCohortBy] = useState(cohortParam === "first" ? "first_any" : cohortParam.includes(":") ? cohortParam.split(":")[0]! : cohortParam);
  const [cohortEvent, setCohortEvent] = useState(cohortParam.includes(":") ? cohortParam.slice(cohortParam.indexOf(":") + 1) : (vocabulary.events[0] ?? ""));
  const [form, setForm] = useState({
    return: first(params.return) || "any",
    period: first(params.period) || "week",
    periods: first(params.periods),
    counting: first(params.counting) || "calendar",
    kind: first(params.kind) || "on",
    breakdown: first(params.breakdown),
    from: first(params.from),
    to: first(params.to),
    as_of: first(params.as_of),
    where: all(params.where).join("\n"),
    cohort_where: all(params.cohort_where).join("\n"),
    return_where: all(params.return_where).join("\n"),
  });
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  function apply(e: React.FormEvent) {
    e.preventDefault();
    const q = new URLSearchParams();
    q.set("cohort", cohortBy === "first_any" ? "first" : cohortBy === "signup" ? "signup" : `${cohortBy}:${cohortEvent}`);
    for (const name of ["return", "period", "periods", "counting", "kind", "breakdown", "from", "to", "as_of"] as const) if (form[name].trim()) q.set(name, form[name].trim());
    for (const name of ["where", "cohort_where", "return_where"] as const)
      for (const line of form[name].split("\n")) if (line.trim()) q.append(name, line.trim());
    router.push(`${pathname}?${q}`);
  }

  return (
    <form onSubmit={apply} className="card grid grid-cols-2 gap-3 p-4 md:grid-cols-4 xl:grid-cols-6" aria-label="Report parameters">
      <Field label="Cohort by">
        <select className="input" aria-label="Cohort by" value={cohortBy} onChange={(e) => setCohortBy(e.target.value)}>
          <option value="first_any">First event (any)</option>
          <option value="first">First time doing…</option>
          <option value="each">Every period doing… (recurring)</option>
          <option value="signup">Signup time</option>
        </select>
      </Field>
      {(cohortBy === "first" || cohortBy === "each") && (
        <Field label="Cohort event">
          <select className="input" aria-label="Cohort event" value={cohortEvent} onChange={(e) => setCohortEvent(e.target.value)}>
            {vocabulary.events.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Coming back with">
        <select className="input" aria-label="Returning event" value={form.return} onChange={set("return")}>
          <option value="any">Any event</option>
          {vocabulary.events.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </Field>
      <Field label="Period">
        <select className="input" aria-label="Period" value={form.period} onChange={set("period")}>
          <option value="day">Day</option>
          <option value="week">Week (ISO)</option>
          <option value="month">Month</option>
        </select>
      </Field>
      <Field label="Periods">
        <input className="input" aria-label="Periods" type="number" min={1} max={120} placeholder="default" value={form.periods} onChange={set("periods")} />
      </Field>
      <Field label="Counting">
        <select className="input" aria-label="Counting" value={form.counting} onChange={set("counting")}>
          <option value="calendar">Calendar periods</option>
          <option value="elapsed">Elapsed since own start</option>
        </select>
      </Field>
      <Field label="Retained">
        <select className="input" aria-label="Retention kind" value={form.kind} onChange={set("kind")}>
          <option value="on">On period N</option>
          <option value="on_or_after">On or after period N</option>
        </select>
      </Field>
      <Field label="Break down by">
        <select className="input" aria-label="Breakdown" value={form.breakdown} onChange={set("breakdown")}>
          <option value="">Nothing</option>
          {vocabulary.personProperties.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </Field>
      <Field label="Cohorts from">
        <input className="input" aria-label="From" placeholder="2026-01-01 or -90d" value={form.from} onChange={set("from")} />
      </Field>
      <Field label="Cohorts to">
        <input className="input" aria-label="To" placeholder="as-of day" value={form.to} onChange={set("to")} />
      </Field>
      <Field label="As of">
        <input className="input" aria-label="As of" placeholder="now" value={form.as_of} onChange={set("as_of")} />
      </Field>
      <Field label="Filter both sides (one per line)" wide>
        <textarea className="input h-16 font-mono text-xs" aria-label="Where" placeholder="person.plan = Pro" value={form.where} onChange={set("where")} />
      </Field>
      <Field label="Filter cohort events" wide>
        <textarea className="input h-16 font-mono text-xs" aria-label="Cohort where" placeholder="Quantity > 0" value={form.cohort_where} onChange={set("cohort_where")} />
      </Field>
      <Field label="Filter returning events" wide>
        <textarea className="input h-16 font-mono text-xs" aria-label="Return where" placeholder="revenue > 0" value={form.return_where} onChange={set("return_where")} />
      </Field>
      <div className="col-span-2 flex items-end md:col-span-4 xl:col-span-6">
        <button type="submit" className="btn-primary">
          Apply
        </button>
      </div>
    </form>
  );
}
