"use client";

import { useState } from "react";
import { PeoplePanel } from "@/components/reports/common/people-panel";
import type { Period } from "@/lib/reports/retention/definition";
import type { CellPerson } from "@/lib/reports/retention/cell-people";
import { cohortLabel, periodLabel } from "@/lib/reports/periods";
import { formatNumber } from "@/lib/format";
import type { HeatCell } from "./retention-heatmap";

/** The people of the clicked cell, retained or lost. */
export function CellPeoplePanel({
  slug,
  reportQuery,
  period,
  cell,
  group,
  onClose,
}: {
  slug: string;
  reportQuery: string;
  period: Period;
  cell: HeatCell;
  group: string | null;
  onClose: () => void;
}) {
  const [show, setShow] = useState<"retained" | "lost">("retained");
  const query = new URLSearchParams(reportQuery);
  query.set("cell_cohort", cell.cohort);
  query.set("cell_period", String(cell.k));
  if (group !== null) query.set("cell_group", group);
  query.set("show", show);
  const expected = show === "retained" ? cell.retained : cell.size - cell.retained;

  return (
    <PeoplePanel<CellPerson>
      slug={slug}
      drilldown="retention/people"
      query={query}
      testId="cell-people"
      title={`${cohortLabel(period, cell.cohort)} · ${periodLabel(period, cell.k)}${group !== null ? ` · ${group}` : ""}`}
      summary={`${formatNumber(expected)} of ${formatNumber(cell.size)} people ${show === "retained" ? "came back" : "did not come back"} in this period${cell.state === "incomplete" ? " so far" : ""}.`}
      columns={[
        { header: "Cohort moment", cell: (p) => p.cohortAt },
        { header: "Last activity", cell: (p) => p.lastActivity ?? "—" },
      ]}
      toolbar={
        <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm" role="group" aria-label="Which people">
          {(["retained", "lost"] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={show === s}
              onClick={() => setShow(s)}
              className={`rounded px-2.5 py-1 ${show === s ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {s === "retained" ? "Retained" : "Not retained"}
            </button>
          ))}
        </div>
      }
      onClose={onClose}
    />
  );
}
