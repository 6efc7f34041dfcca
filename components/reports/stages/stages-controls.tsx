"use client";

import { STAGE_DEFAULTS } from "@/lib/reports/stages/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { Choice, Field, FilterField } from "../common/form-fields";
import { useParamsForm } from "../common/use-params-form";

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

  return (
    <form onSubmit={apply()} className="card grid grid-cols-2 gap-3 p-4 md:grid-cols-4 xl:grid-cols-6" aria-label="Report parameters">
      <Choice label="A purchase is" name="Purchase event" value={form.purchase} options={events} onChange={choose("purchase")} />
      <Choice label="A return is" name="Return event" value={form.return} options={events} onChange={choose("return")} />
      <Choice label="Category property" name="Category" value={form.category} options={properties} onChange={choose("category")} />
      <Choice label="Size property" name="Size" value={form.size} options={properties} onChange={choose("size")} />
      <Choice label="Cohort by" name="Cohort" value={form.cohort} options={[{ value: "month", label: "Month" }, { value: "week", label: "Week" }]} onChange={choose("cohort")} />
      <Field label="Category path depth">
        <input className="input" aria-label="Depth" type="number" min={2} max={6} placeholder={String(STAGE_DEFAULTS.depth)} value={form.depth} onChange={set("depth")} />
      </Field>
      <Field label="First purchases from">
        <input className="input" aria-label="From" placeholder={STAGE_DEFAULTS.from} value={form.from} onChange={set("from")} />
      </Field>
      <Field label="to">
        <input className="input" aria-label="To" placeholder="as-of day" value={form.to} onChange={set("to")} />
      </Field>
      <Field label="As of">
        <input className="input" aria-label="As of" placeholder="now" value={form.as_of} onChange={set("as_of")} />
      </Field>
      <FilterField label="Purchase filters" parameter="purchase_where" value={form.purchase_where} onChange={choose("purchase_where")} vocabulary={vocabulary} />
      <FilterField label="Return filters" parameter="return_where" value={form.return_where} onChange={choose("return_where")} vocabulary={vocabulary} />
      <FilterField label="Filter every event" parameter="where" value={form.where} onChange={choose("where")} vocabulary={vocabulary} />
      <div className="col-span-2 flex items-end md:col-span-4 xl:col-span-6">
        <button type="submit" className="btn-primary">
          Apply
        </button>
      </div>
    </form>
  );
}
