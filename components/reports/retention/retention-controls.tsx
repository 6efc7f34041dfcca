"use client";

import { useState } from "react";
import { knownProperties } from "@/lib/reports/vocabulary";
import {
  COHORT_OPTIONS,
  COUNTING_OPTIONS,
  DEFAULT_PERIODS,
  KIND_OPTIONS,
  MAX_PERIODS,
  PERIOD_OPTIONS,
  RETENTION_DEFAULTS,
  type Period,
} from "@/lib/reports/retention/definition";
import type { ReportControlsProps } from "../registry";
import { Choice, Field, FilterField, textOf as text } from "../common/form-fields";
import { useParamsForm } from "../common/use-params-form";
import { ControlBar } from "../common/control-bar";
import { DateField } from "../common/date-field";

/** The cohort option of a `cohort` value, and its event: `first:Purchase` is ("first:", "Purchase"). */
function splitCohort(cohort: string) {
  const colon = cohort.indexOf(":");
  return colon < 0 ? { option: cohort, event: "" } : { option: cohort.slice(0, colon + 1), event: cohort.slice(colon + 1) };
}

/**
 * The report's parameters as a form, with the definition's defaults and choices; applying it navigates to the new
 * URL, so every view can be shared.
 */
export function RetentionControls({ params, vocabulary }: ReportControlsProps) {
  const cohort = splitCohort(text(params.cohort) || RETENTION_DEFAULTS.cohort);
  const [cohortOption, setCohortOption] = useState(cohort.option);
  const [cohortEvent, setCohortEvent] = useState(cohort.event || (vocabulary.events[0] ?? ""));
  const { form, set, choose, apply } = useParamsForm(
    params,
    {
      return: RETENTION_DEFAULTS.return, period: RETENTION_DEFAULTS.period, periods: "", counting: RETENTION_DEFAULTS.counting,
      kind: RETENTION_DEFAULTS.kind, breakdown: "", from: "", to: "", as_of: "",
    },
    ["where", "cohort_where", "return_where"],
  );
  const named = (names: string[]) => names.map((n) => ({ value: n, label: n }));
  const needsEvent = COHORT_OPTIONS.find((o) => o.value === cohortOption)?.event ?? false;
  const period = (PERIOD_OPTIONS.find((o) => o.value === form.period)?.value ?? RETENTION_DEFAULTS.period) as Period;

  const addCohort = (q: URLSearchParams) => q.set("cohort", needsEvent ? `${cohortOption}${cohortEvent}` : cohortOption);

  const moreSet = !!(form.where || form.cohort_where || form.return_where)
    || form.counting !== RETENTION_DEFAULTS.counting || form.kind !== RETENTION_DEFAULTS.kind;

  return (
    <ControlBar
      onSubmit={apply(addCohort)}
      moreSet={moreSet}
      more={
        <>
          <Choice label="Counting" name="Counting" value={form.counting} options={COUNTING_OPTIONS} onChange={choose("counting")} />
          <Choice label="Retained" name="Retention kind" value={form.kind} options={KIND_OPTIONS} onChange={choose("kind")} />
          <DateField label="As of" name="As of" value={form.as_of} onChange={choose("as_of")} fallback="now" relative={false} />
          <FilterField label="Filter both sides" parameter="where" value={form.where} onChange={choose("where")} vocabulary={vocabulary} wide />
          <FilterField label="Filter cohort events" parameter="cohort_where" value={form.cohort_where} onChange={choose("cohort_where")} vocabulary={vocabulary} wide />
          <FilterField label="Filter returning events" parameter="return_where" value={form.return_where} onChange={choose("return_where")} vocabulary={vocabulary} wide />
        </>
      }
    >
      <Choice label="Cohort by" name="Cohort by" value={cohortOption} options={COHORT_OPTIONS} onChange={setCohortOption} />
      {needsEvent && <Choice label="Cohort event" name="Cohort event" value={cohortEvent} options={named(vocabulary.events)} onChange={setCohortEvent} />}
      <Choice
        label="Coming back with"
        name="Returning event"
        value={form.return}
        options={[{ value: "any", label: "Any event" }, ...named(vocabulary.events)]}
        onChange={choose("return")}
      />
      <Choice label="Period" name="Period" value={form.period} options={PERIOD_OPTIONS} onChange={choose("period")} />
      <Field label="Periods">
        <input
          className="input w-20 py-1.5"
          aria-label="Periods"
          type="number"
          min={1}
          max={MAX_PERIODS[period]}
          placeholder={String(DEFAULT_PERIODS[period])}
          value={form.periods}
          onChange={set("periods")}
        />
      </Field>
      <Choice
        label="Break down by"
        name="Breakdown"
        value={form.breakdown}
        options={[{ value: "", label: "Nothing" }, ...named(knownProperties(vocabulary, "person"))]}
        onChange={choose("breakdown")}
      />
      <DateField label="Cohorts from" name="From" value={form.from} onChange={choose("from")} fallback="by periods" />
      <DateField label="Cohorts to" name="To" value={form.to} onChange={choose("to")} fallback="as-of day" />
    </ControlBar>
  );
}
