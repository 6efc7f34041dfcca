"use client";

import { STAGE_DEFAULTS } from "@/lib/reports/stages/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { Choice, Field, FilterField } from "../common/form-fields";
import { useParamsForm } from "../common/use-params-form";
import { ControlBar } from "../common/control-bar";
import { DateField } from "../common/date-field";

const named = (names: string[]) => names.map((n) => ({ value: n, label: n }));

/** The range of first purchases, the cohort grain and the path depth; and what a purchase and a return are. */
export function StagesControls({ params, vocabulary }: ReportControlsProps) {
  const { form, set, choose, apply } = useParamsForm(
    params,
    {
      purchase: STAGE_DEFAULTS.purchase, return: STAGE_DEFAULTS.return, category: STAGE_DEFAULTS.category, size: STAGE_DEFAULTS.size,
      cohort: STAGE_DEFAULTS.cohort, depth: "", from: "", to: "", as_of: "",
    },
    ["purchase_where", "return_where", "where"],
  );
  const events = named(vocabulary.events);
  const properties = named(knownProperties(vocabulary, "event"));

  const moreSet = !!(form.purchase_where || form.return_where || form.where)
    || form.category !== STAGE_DEFAULTS.category || form.size !== STAGE_DEFAULTS.size;

  return (
    <ControlBar
      onSubmit={apply()}
      moreSet={moreSet}
      more={
        <>
          <Choice label="Category property" name="Category" value={form.category} options={properties} onChange={choose("category")} />
          <Choice label="Size property" name="Size" value={form.size} options={properties} onChange={choose("size")} />
          <DateField label="As of" name="As of" value={form.as_of} onChange={choose("as_of")} fallback="now" relative={false} />
          <FilterField label="Purchase filters" parameter="purchase_where" value={form.purchase_where} onChange={choose("purchase_where")} vocabulary={vocabulary} />
          <FilterField label="Return filters" parameter="return_where" value={form.return_where} onChange={choose("return_where")} vocabulary={vocabulary} />
          <FilterField label="Filter every event" parameter="where" value={form.where} onChange={choose("where")} vocabulary={vocabulary} />
        </>
      }
    >
      <Choice label="A purchase is" name="Purchase event" value={form.purchase} options={events} onChange={choose("purchase")} />
      <Choice label="A return is" name="Return event" value={form.return} options={events} onChange={choose("return")} />
      <Choice label="Cohort by" name="Cohort" value={form.cohort} options={[{ value: "month", label: "Month" }, { value: "week", label: "Week" }]} onChange={choose("cohort")} />
      <Field label="Path depth">
        <input className="input w-20 py-1.5" aria-label="Depth" type="number" min={2} max={6} placeholder={String(STAGE_DEFAULTS.depth)} value={form.depth} onChange={set("depth")} />
      </Field>
      <DateField label="First purchases from" name="From" value={form.from} onChange={choose("from")} fallback={STAGE_DEFAULTS.from} />
      <DateField label="to" name="To" value={form.to} onChange={choose("to")} fallback="as-of day" />
    </ControlBar>
  );
}
