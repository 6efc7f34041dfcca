"use client";

import { useMemo, useState } from "react";
import { PeoplePanel } from "@/components/reports/common/people-panel";
import { useReportApi } from "@/components/reports/common/report-api";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import type { FunnelResult } from "@/lib/reports/funnel/definition";
import type { FunnelPerson } from "@/lib/reports/funnel/people";
import { formatDuration, formatNumber, formatPercent } from "@/lib/format";
import { searchParamsFromRaw, type RawParams } from "@/lib/reports/params";
import { FunnelChart, type StepSelection } from "./funnel-chart";

type Selection = StepSelection & { show: "dropped" | "reached" };
type StepRow = { group: string | null; step: number; event: string; people: number; stepConversion: number | null; overallConversion: number | null; dropOff: number; median: number | null; last: boolean };

const percent = (v: string | number) => formatPercent(Number(v));

/** The funnel chart and its steps table; a bar or a count opens the people behind it, each linked to their timeline. */
export function FunnelExplorer({ slug, result, params }: { slug: string; result: FunnelResult; params: RawParams }) {
  const api = useReportApi(slug);
  const [selected, setSelected] = useState<Selection | null>(null);
  const n = result.steps.length;
  const select = (s: StepSelection) => api.people && setSelected({ ...s, show: s.step === n ? "reached" : "dropped" });

  const rows = useMemo<StepRow[]>(
    () =>
      result.groups.flatMap((g) =>
        g.steps.map((s, i) => ({
          group: g.value,
          step: i + 1,
          event: result.steps[i]!.label,
          people: s.people,
          stepConversion: s.stepConversion,
          overallConversion: s.overallConversion,
          dropOff: s.dropOff,
          median: s.time?.median ?? null,
          last: i === n - 1,
        })),
      ),
    [result, n],
  );
  const columns = useMemo<DataTableColumn<StepRow>[]>(
    () => [
      ...(result.breakdown ? [{ id: "segment", header: result.breakdown, value: (r: StepRow) => r.group ?? "Everyone", align: "left" as const }] : []),
      { id: "step", header: "Step", value: (r) => `${r.step}. ${r.event}`, align: "left" },
      { id: "people", header: "People", value: (r) => r.people, format: (v) => formatNumber(Number(v)) },
      { id: "stepConversion", header: "Of previous", value: (r) => r.stepConversion, format: percent },
      { id: "overallConversion", header: "Of step 1", value: (r) => r.overallConversion, format: percent },
      { id: "dropOff", header: "Dropped", value: (r) => r.dropOff, format: (v) => formatNumber(Number(v)) },
      { id: "median", header: "Median time", value: (r) => r.median, format: (v) => formatDuration(Number(v)) },
      ...(api.people
        ? [
            {
              id: "who",
              header: "People",
              value: (r: StepRow) => r.people,
              align: "left" as const,
              render: (r: StepRow) => (
                <span className="flex gap-2 text-xs whitespace-nowrap">
                  <button type="button" className="text-brand-700 hover:underline" onClick={() => setSelected({ step: r.step, group: r.group, show: "reached" })}>
                    {r.last ? "converted" : "reached"}
                  </button>
                  {!r.last && (
                    <button type="button" className="text-brand-700 hover:underline" onClick={() => setSelected({ step: r.step, group: r.group, show: "dropped" })}>
                      dropped after
                    </button>
                  )}
                </span>
              ),
            },
          ]
        : []),
    ],
    [result.breakdown, api.people],
  );

  const query = selected ? searchParamsFromRaw({ ...params, at_step: String(selected.step), show: selected.show, group: selected.group ?? undefined }) : null;
  const words = selected && (selected.show === "dropped" ? `reached step ${selected.step} and went no further` : selected.step === n ? "converted" : `reached step ${selected.step}`);
  return (
    <>
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">
          {result.breakdown ? `Share of step 1 reaching each step, by ${result.breakdown}` : "People at each step"}
        </h2>
        <FunnelChart result={result} onSelect={select} />
      </section>
      {selected && query && (
        <PeoplePanel<FunnelPerson>
          slug={slug}
          drilldown="funnel/people"
          query={query}
          testId="funnel-people"
          title={`Step ${selected.step}: ${result.steps[selected.step - 1]?.label ?? ""}${selected.group !== null ? ` · ${selected.group}` : ""}`}
          summary={`The people who ${words}.`}
          columns={[
            { header: "Entered", cell: (p) => p.enteredAt ?? "no clock" },
            { header: "Last step", cell: (p) => p.lastStep },
          ]}
          toolbar={
            selected.step < n && (
              <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm" role="group" aria-label="Which people">
                {(["dropped", "reached"] as const).map((s) => (
                  <button
                    key={s}
                    type="button"
                    aria-pressed={selected.show === s}
                    onClick={() => setSelected({ ...selected, show: s })}
                    className={`rounded px-2.5 py-1 ${selected.show === s ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
                  >
                    {s === "dropped" ? "Dropped after" : "Reached"}
                  </button>
                ))}
              </div>
            )
          }
          onClose={() => setSelected(null)}
        />
      )}
      <section className="card p-5">
        <h2 className="mb-3 text-sm font-semibold text-slate-700">Steps</h2>
        <DataTable columns={columns} rows={rows} caption="Funnel steps" />
      </section>
    </>
  );
}
