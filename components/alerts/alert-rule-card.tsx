"use client";

import { RateLineChart, type ValueFormat } from "@/components/charts/rate-line-chart";
import { ActionForm } from "@/components/settings/action-form";
import { deleteAlertAction } from "@/app/(app)/p/[project]/alerts/actions";
import type { AlertCondition, MetricPoint } from "@/lib/alerts/evaluate";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";

export type AlertRuleView = {
  id: string;
  name: string;
  metricLabel: string;
  unit: "people" | "money" | "rate";
  condition: AlertCondition;
  webhookHost: string | null;
  evaluatedAt: string | null;
  firings: { point: string; value: number; expected: number | null; lower: number | null; upper: number | null; firedAt: string; delivery: string | null }[];
  series: MetricPoint[];
};

const FORMATS: Record<AlertRuleView["unit"], ValueFormat> = {
  people: { value: (v) => formatNumber(v), axis: (v) => formatNumber(v) },
  money: { value: formatMoney, axis: (v) => formatMoney(v).replace(/\.00$/, "") },
  rate: { value: (v) => formatPercent(v), axis: (v) => formatPercent(v, 0) },
};

function describe(c: AlertCondition, fmt: ValueFormat) {
  return c.condition === "anomaly" ? `outside the mean ± ${c.k}σ of the ${c.periods} points before` : `${c.condition} ${fmt.value(c.threshold)}`;
}

/** One rule: what it watches, its metric with the fired points marked, and each firing with its delivery. */
export function AlertRuleCard({ slug, rule, canEdit }: { slug: string; rule: AlertRuleView; canEdit: boolean }) {
  const fmt = FORMATS[rule.unit];
  return (
    <section className="card space-y-3 p-5" data-testid={`alert-rule-${rule.id}`}>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="font-semibold text-slate-900">{rule.name}</h2>
          <p className="text-sm text-slate-500">
            {rule.metricLabel} {describe(rule.condition, fmt)}
            {rule.webhookHost ? ` · posted to ${rule.webhookHost}` : ""} · {rule.evaluatedAt ? `last checked ${rule.evaluatedAt.slice(0, 16).replace("T", " ")} UTC` : "not checked yet"}
          </p>
        </div>
        {canEdit && (
          <ActionForm action={deleteAlertAction}>
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="id" value={rule.id} />
            <button type="submit" className="btn-secondary">
              Delete
            </button>
          </ActionForm>
        )}
      </header>
      <RateLineChart
        series={[{ id: rule.metricLabel, points: rule.series.map((p) => ({ x: p.point, y: p.value })) }]}
        xLabel=""
        height={200}
        format={fmt}
        marked={rule.firings.map((f) => f.point).filter((x) => rule.series.some((p) => p.point === x))}
        emptyMessage="No data for this metric yet."
      />
      {rule.firings.length ? (
        <table className="w-full text-sm text-slate-700">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th className="px-2 py-1 font-medium">Point</th>
              <th className="px-2 py-1 text-right font-medium">Value</th>
              <th className="px-2 py-1 text-right font-medium">Expected range</th>
              <th className="px-2 py-1 font-medium">Fired</th>
              <th className="px-2 py-1 font-medium">Webhook</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rule.firings.map((f) => (
              <tr key={f.point}>
                <td className="py-1">{f.point}</td>
                <td className="px-2 py-1 text-right tabular-nums">{fmt.value(f.value)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{f.lower === null || f.upper === null ? "—" : `${fmt.value(f.lower)} to ${fmt.value(f.upper)}`}</td>
                <td className="py-1">{f.firedAt.slice(0, 16).replace("T", " ")} UTC</td>
                <td className="py-1">{f.delivery ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-500">Has not fired.</p>
      )}
    </section>
  );
}
