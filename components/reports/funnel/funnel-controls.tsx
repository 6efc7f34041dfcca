"use client";

import { useState } from "react";
import { FUNNEL_DEFAULTS, MAX_STEPS, MIN_STEPS } from "@/lib/reports/funnel/definition";
import { asArray } from "@/lib/reports/params";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { Choice, Field, FilterField, personPropertyOptions } from "../common/form-fields";
import { useParamsForm } from "../common/use-params-form";
import { ControlBar } from "../common/control-bar";
import { DateField } from "../common/date-field";

const ORDERS = [
  { value: "sequential", label: "Sequential" },
  { value: "strict", label: "Strict" },
  { value: "any", label: "Any order" },
];
const TRENDS = [
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
];
type StepDraft = { event: string; where: string };

/** The steps as the URL has them: `step` in order, `step_where=<n>:<filter>` for each step's filters. */
function stepsOf(params: ReportControlsProps["params"]): StepDraft[] {
  const events = asArray(params.step) as string[];
  const filters = asArray(params.step_where) as string[];
  return events.map((event, i) => ({
    event,
    where: filters
      .filter((f) => f.startsWith(`${i + 1}:`))
      .map((f) => f.slice(String(i + 1).length + 1))
      .join("\n"),
  }));
}

/** Steps (each an event with its own filters), order, window, exclusions, breakdown and range; applying navigates. */
export function FunnelControls({ params, vocabulary }: ReportControlsProps) {
  const given = stepsOf(params);
  const [steps, setSteps] = useState<StepDraft[]>(given.length ? given : [{ event: "", where: "" }, { event: "", where: "" }]);
  const { form, set, choose, apply } = useParamsForm(
    params,
    { order: FUNNEL_DEFAULTS.order, window: FUNNEL_DEFAULTS.window, breakdown: "", trend: FUNNEL_DEFAULTS.trend, from: "", to: "", as_of: "" },
    ["exclude", "where"],
  );
  const setStep = (i: number, change: Partial<StepDraft>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...change } : s)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setSteps(next);
  };
  const chosen = steps.filter((s) => s.event.trim());

  const addSteps = (q: URLSearchParams) =>
    chosen.forEach((s, i) => {
      q.append("step", s.event.trim());
      for (const line of s.where.split("\n")) if (line.trim()) q.append("step_where", `${i + 1}:${line.trim()}`);
    });

  return (
    <ControlBar
      onSubmit={apply(addSteps)}
      lead={
        <>
          <datalist id="funnel-events">
            {vocabulary.events.map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
          <ol className="space-y-2" aria-label="Steps">
            {steps.map((s, i) => (
              <li key={i} className="flex flex-wrap items-start gap-2">
                <span className="mt-2 w-14 text-xs font-medium text-slate-500">Step {i + 1}</span>
                <input
                  className="input w-60"
                  list="funnel-events"
                  aria-label={`Step ${i + 1} event`}
                  placeholder="event name"
                  value={s.event}
                  onChange={(e) => setStep(i, { event: e.target.value })}
                />
                <div className="w-80">
                  <FilterField label={`Step ${i + 1} filters`} parameter="step_where" value={s.where} onChange={(where) => setStep(i, { where })} vocabulary={vocabulary} />
                </div>
                <span className="flex gap-1">
                  <button type="button" className="btn-secondary px-2" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="btn-secondary px-2" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="btn-secondary px-2" aria-label={`Remove step ${i + 1}`} disabled={steps.length <= MIN_STEPS} onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <button type="button" className="btn-secondary" disabled={steps.length >= MAX_STEPS} onClick={() => setSteps([...steps, { event: "", where: "" }])}>
            Add a step
          </button>
        </>
      }
      moreSet={!!(form.exclude || form.where)}
      action={
        <span className="flex items-center gap-3">
          <button type="submit" className="btn-primary py-1.5" disabled={chosen.length < MIN_STEPS}>
            Apply
          </button>
          {chosen.length < MIN_STEPS && <span className="text-xs text-slate-500">Choose at least {MIN_STEPS} steps.</span>}
        </span>
      }
      more={
        <>
          <DateField label="As of" name="As of" value={form.as_of} onChange={choose("as_of")} fallback="now" relative={false} />
          <Choice label="Trend by" name="Trend" value={form.trend} options={TRENDS} onChange={choose("trend")} />
          <Field label="Exclude people who do (one event per line)" wide>
            <textarea className="input h-16 text-xs" aria-label="Exclude" placeholder="Support ticket" value={form.exclude} onChange={set("exclude")} />
          </Field>
          <FilterField label="Filter every event" parameter="where" value={form.where} onChange={choose("where")} vocabulary={vocabulary} wide />
        </>
      }
    >
      <Choice label="Order" name="Order" value={form.order} options={ORDERS} onChange={choose("order")} />
      <Field label="Conversion window">
        <input className="input w-28 py-1.5" aria-label="Window" placeholder="14d, 36h, 30m" value={form.window} onChange={set("window")} />
      </Field>
      <Choice
        label="Break down by"
        name="Breakdown"
        value={form.breakdown}
        options={[
          { value: "", label: "Nothing" },
          ...personPropertyOptions(vocabulary),
          ...knownProperties(vocabulary, "event").map((p) => ({ value: p, label: `Step 1 event: ${p}` })),
        ]}
        onChange={choose("breakdown")}
      />
      <DateField label="Entering from" name="From" value={form.from} onChange={choose("from")} fallback={FUNNEL_DEFAULTS.from} />
      <DateField label="Entering to" name="To" value={form.to} onChange={choose("to")} fallback="as-of day" />
    </ControlBar>
  );
}
