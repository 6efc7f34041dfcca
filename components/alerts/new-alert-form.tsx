"use client";

import { useState } from "react";
import { ActionForm } from "@/components/settings/action-form";
import { createAlertAction } from "@/app/(app)/p/[project]/alerts/actions";
import { Field } from "@/components/reports/common/form-fields";

/** A new rule: the metric, a threshold or an anomaly band, the range it reads, and where to post it. */
export function NewAlertForm({ slug, metrics }: { slug: string; metrics: { value: string; label: string }[] }) {
  const [condition, setCondition] = useState("anomaly");
  const [metric, setMetric] = useState(metrics[0]?.value ?? "");
  return (
    <section className="card p-5">
      <h2 className="mb-3 font-semibold">New alert rule</h2>
      <ActionForm
        action={createAlertAction}
        className="grid grid-cols-2 gap-3 md:grid-cols-4"
        onReset={() => {
          setMetric(metrics[0]?.value ?? "");
          setCondition("anomaly");
        }}
      >
        <input type="hidden" name="slug" value={slug} />
        <Field label="Name">
          <input name="name" className="input" required aria-label="Name" placeholder="DAU drop" />
        </Field>
        <Field label="Metric">
          <select name="metric" className="input" aria-label="Metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
            {metrics.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Fires when">
          <select name="condition" className="input" aria-label="Condition" value={condition} onChange={(e) => setCondition(e.target.value)}>
            <option value="anomaly">Outside mean ± k·σ</option>
            <option value="above">Above a value</option>
            <option value="below">Below a value</option>
          </select>
        </Field>
        {condition === "anomaly" ? (
          <>
            <Field label="k (standard deviations)">
              <input name="k" type="number" step="0.1" min="0.5" className="input" placeholder="3" aria-label="k" />
            </Field>
            <Field label="Trailing points">
              <input name="periods" type="number" min="3" max="90" className="input" placeholder="14" aria-label="Trailing points" />
            </Field>
          </>
        ) : (
          <Field label="Threshold">
            <input name="threshold" type="number" step="any" className="input" required aria-label="Threshold" />
          </Field>
        )}
        {metric === "funnel_conversion" && (
          <>
            <div className="col-span-2">
              <Field label="Funnel steps (one event a line)">
                <textarea name="steps" className="input h-20" required aria-label="Funnel steps" placeholder={"View product\nAdd to cart\nOrder"} />
              </Field>
            </div>
            <Field label="Conversion window">
              <input name="window" className="input" placeholder="14d" aria-label="Window" />
            </Field>
          </>
        )}
        <Field label="From">
          <input name="from" className="input" placeholder="-89d" aria-label="From" />
        </Field>
        <Field label="As of">
          <input name="as_of" className="input" placeholder="now" aria-label="As of" />
        </Field>
        {/* Two columns of the grid, not the fixed width of a wide field, which is wider than a column here. */}
        <div className="col-span-2">
          <Field label="Webhook URL (optional)">
            <input name="webhookUrl" type="url" className="input" placeholder="https://hooks.example.com/…" aria-label="Webhook URL" />
          </Field>
        </div>
        <div className="col-span-2 flex items-end md:col-span-4">
          <button type="submit" className="btn-primary">
            Save the rule
          </button>
        </div>
      </ActionForm>
    </section>
  );
}
