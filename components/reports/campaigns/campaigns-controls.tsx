"use client";

import { CAMPAIGN_BREAKDOWNS, CAMPAIGN_DEFAULTS } from "@/lib/reports/campaigns/definition";
import type { ReportControlsProps } from "../registry";
import { Choice, Field, FilterField, personPropertyOptions } from "../common/form-fields";
import { useParamsForm } from "../common/use-params-form";
import { ControlBar } from "../common/control-bar";
import { DateField } from "../common/date-field";

const FIELDS = ["campaign", "goal", "window", "dormant", "baseline", "breakdown", "from", "to", "as_of"] as const;

/** The campaign report's parameters as a form; applying it navigates to the new URL. */
export function CampaignsControls({ params, vocabulary }: ReportControlsProps) {
  const { form, set, choose, apply } = useParamsForm(params, Object.fromEntries(FIELDS.map((name) => [name, ""])) as Record<(typeof FIELDS)[number], string>, ["where"]);
  const named = (names: string[]) => names.map((n) => ({ value: n, label: n }));

  const moreSet = !!(form.baseline || form.where) || (form.dormant !== "" && form.dormant !== CAMPAIGN_DEFAULTS.dormant);

  return (
    <ControlBar
      onSubmit={apply()}
      moreSet={moreSet}
      more={
        <>
          <Field label="Dormant before the send">
            <input className="input w-28 py-1.5" aria-label="Dormant" placeholder={CAMPAIGN_DEFAULTS.dormant} value={form.dormant} onChange={set("dormant")} />
          </Field>
          <Field label="Baseline variant (no holdout)">
            <input className="input w-40 py-1.5" aria-label="Baseline" placeholder="first by name" value={form.baseline} onChange={set("baseline")} />
          </Field>
          <DateField label="As of" name="As of" value={form.as_of} onChange={choose("as_of")} fallback="now" relative={false} />
          <FilterField label="Filters" parameter="where" value={form.where} onChange={choose("where")} vocabulary={vocabulary} wide />
        </>
      }
    >
      <Choice
        label="Campaign"
        name="Campaign"
        value={form.campaign}
        options={[{ value: "", label: "Every campaign" }, ...vocabulary.campaigns.map((c) => ({ value: c.id, label: c.name === c.id ? c.id : `${c.name} (${c.id})` }))]}
        onChange={choose("campaign")}
      />
      <Choice label="Goal event" name="Goal" value={form.goal} options={[{ value: "", label: "None" }, ...named(vocabulary.events)]} onChange={choose("goal")} />
      <Field label="Window after the send">
        <input className="input w-28 py-1.5" aria-label="Window" placeholder={CAMPAIGN_DEFAULTS.window} value={form.window} onChange={set("window")} />
      </Field>
      <Choice
        label="Break down by"
        name="Breakdown"
        value={form.breakdown}
        options={[
          { value: "", label: "Variant only" },
          ...CAMPAIGN_BREAKDOWNS,
          ...personPropertyOptions(vocabulary),
        ]}
        onChange={choose("breakdown")}
      />
      <DateField label="Sent from" name="From" value={form.from} onChange={choose("from")} fallback="first send" />
      <DateField label="Sent to" name="To" value={form.to} onChange={choose("to")} fallback="as-of day" />
    </ControlBar>
  );
}
