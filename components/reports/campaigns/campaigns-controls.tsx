"use client";

import { CAMPAIGN_BREAKDOWNS, CAMPAIGN_DEFAULTS } from "@/lib/reports/campaigns/definition";
import { knownProperties } from "@/lib/reports/vocabulary";
import type { ReportControlsProps } from "../registry";
import { Choice, Field, FilterField } from "../common/form-fields";
import { useParamsForm } from "../common/use-params-form";

const FIELDS = ["campaign", "goal", "window", "dormant", "baseline", "breakdown", "from", "to", "as_of"] as const;

/** The campaign report's parameters as a form; applying it navigates to the new URL. */
export function CampaignsControls({ params, vocabulary }: ReportControlsProps) {
  const { form, set, choose, apply } = useParamsForm(params, Object.fromEntries(FIELDS.map((name) => [name, ""])) as Record<(typeof FIELDS)[number], string>, ["where"]);
  const named = (names: string[]) => names.map((n) => ({ value: n, label: n }));

  return (
    <form onSubmit={apply()} className="card grid grid-cols-2 gap-3 p-4 md:grid-cols-4 xl:grid-cols-6" aria-label="Report parameters">
      <div className="col-span-2">
        <Choice
          label="Campaign"
          name="Campaign"
          value={form.campaign}
          options={[{ value: "", label: "Every campaign" }, ...vocabulary.campaigns.map((c) => ({ value: c.id, label: c.name === c.id ? c.id : `${c.name} (${c.id})` }))]}
          onChange={choose("campaign")}
        />
      </div>
      <Choice label="Goal event" name="Goal" value={form.goal} options={[{ value: "", label: "None" }, ...named(vocabulary.events)]} onChange={choose("goal")} />
      <Field label="Window after the send">
        <input className="input" aria-label="Window" placeholder={CAMPAIGN_DEFAULTS.window} value={form.window} onChange={set("window")} />
      </Field>
      <Field label="Dormant before the send">
        <input className="input" aria-label="Dormant" placeholder={CAMPAIGN_DEFAULTS.dormant} value={form.dormant} onChange={set("dormant")} />
      </Field>
      <Field label="Baseline variant (no holdout)">
        <input className="input" aria-label="Baseline" placeholder="first by name" value={form.baseline} onChange={set("baseline")} />
      </Field>
      <Choice
        label="Break down by"
        name="Breakdown"
        value={form.breakdown}
        options={[
          { value: "", label: "Variant only" },
          ...CAMPAIGN_BREAKDOWNS,
          ...knownProperties(vocabulary, "person").map((p) => ({ value: `person.${p}`, label: `Person: ${p}` })),
        ]}
        onChange={choose("breakdown")}
      />
      <Field label="Sent from">
        <input className="input" aria-label="From" placeholder="2026-01-01 or -90d" value={form.from} onChange={set("from")} />
      </Field>
      <Field label="Sent to">
        <input className="input" aria-label="To" placeholder="as-of day" value={form.to} onChange={set("to")} />
      </Field>
      <Field label="As of">
        <input className="input" aria-label="As of" placeholder="now" value={form.as_of} onChange={set("as_of")} />
      </Field>
      <FilterField label="Filters" parameter="where" value={form.where} onChange={choose("where")} vocabulary={vocabulary} wide />
      <div className="col-span-2 flex items-end md:col-span-4 xl:col-span-6">
        <button type="submit" className="btn-primary">
          Apply
        </button>
      </div>
    </form>
  );
}
