"use client";

import { useEffect, useState } from "react";
import { useReportApi } from "@/components/reports/common/report-api";
import type { Period } from "@/lib/reports/retention/definition";
import type { DrilldownPage } from "@/lib/reports/definition";
import type { CellPerson } from "@/lib/reports/retention/cell-people";

type CellPeople = DrilldownPage<CellPerson>;
import { cohortLabel, periodLabel } from "@/lib/reports/periods";
import { formatNumber } from "@/lib/format";
import type { HeatCell } from "./retention-heatmap";

const PAGE_SIZE = 25;

/** The people of the clicked cell, retained or lost, a page at a time, with a CSV of all of them. */
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
  const [page, setPage] = useState(1);
  // The answer for the URL last fetched; a page or filter change shows the loading state until its own answer.
  const [loaded, setLoaded] = useState<{ url: string; data: CellPeople | null; error: string | null } | null>(null);
  const query = new URLSearchParams(reportQuery);
  query.set("cell_cohort", cell.cohort);
  query.set("cell_period", String(cell.k));
  if (group !== null) query.set("cell_group", group);
  query.set("show", show);
  const api = useReportApi(slug);
  const base = `${api.base}/retention/people`;
  const pageUrl = `${base}?${query}&page=${page}&page_size=${PAGE_SIZE}`;
  const csvUrl = `${base}?${query}&format=csv`;

  useEffect(() => {
    let cancelled = false;
    fetch(pageUrl).then(async (res) => {
      if (cancelled) return;
      const body = await res.json().catch(() => null);
      if (!res.ok) setLoaded({ url: pageUrl, data: null, error: body?.error?.message ?? `The server answered ${res.status}.` });
      else setLoaded({ url: pageUrl, data: body as CellPeople, error: null });
    });
    return () => {
      cancelled = true;
    };
  }, [pageUrl]);
  const data = loaded?.url === pageUrl ? loaded.data : null;
  const error = loaded?.url === pageUrl ? loaded.error : null;

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const expected = show === "retained" ? cell.retained : cell.size - cell.retained;

  return (
    <section className="card space-y-3 p-5" aria-label="People in this cell" data-testid="cell-people">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold text-slate-800">
            {cohortLabel(period, cell.cohort)} · {periodLabel(period, cell.k)}
            {group !== null ? ` · ${group}` : ""}
          </h2>
          <p className="text-xs text-slate-500">
            {formatNumber(expected)} of {formatNumber(cell.size)} people {show === "retained" ? "came back" : "did not come back"} in this period
            {cell.state === "incomplete" ? " so far" : ""}.
          </p>
        </div>
        <div className="flex items-center gap-2">
          <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5 text-sm" role="group" aria-label="Which people">
            {(["retained", "lost"] as const).map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={show === s}
                onClick={() => {
                  setShow(s);
                  setPage(1);
                }}
                className={`rounded px-2.5 py-1 ${show === s ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {s === "retained" ? "Retained" : "Not retained"}
              </button>
            ))}
          </div>
          {api.csv && (
            <a href={csvUrl} className="btn-secondary" download data-testid="cell-people-csv">
              Export CSV
            </a>
          )}
          <button type="button" className="btn-secondary" onClick={onClose} aria-label="Close the people list">
            ×
          </button>
        </div>
      </div>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {!data && !error && <div className="h-40 animate-pulse rounded-md bg-slate-100" aria-label="Loading people" />}
      {data && (
        <>
          <div className="overflow-x-auto rounded-md border border-slate-200">
            <table className="min-w-full text-xs">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  {["Person", "Plan", "Source", "Platform", "Country", "Cohort moment", "Last activity", "Other properties"].map((h) => (
                    <th key={h} className="px-2 py-1.5 font-medium whitespace-nowrap">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.people.map((p) => (
                  <tr key={p.person}>
                    <td className="px-2 py-1 font-medium whitespace-nowrap">{p.person}</td>
                    <td className="px-2 py-1">{p.plan ?? "—"}</td>
                    <td className="px-2 py-1">{p.source ?? "—"}</td>
                    <td className="px-2 py-1">{p.platform ?? "—"}</td>
                    <td className="px-2 py-1">{p.country ?? "—"}</td>
                    <td className="px-2 py-1 whitespace-nowrap tabular-nums">{p.cohortAt}</td>
                    <td className="px-2 py-1 whitespace-nowrap tabular-nums">{p.lastActivity ?? "—"}</td>
                    <td className="max-w-64 truncate px-2 py-1 text-slate-500">
                      {Object.entries(p.properties)
                        .map(([k, v]) => `${k}: ${String(v)}`)
                        .join(" · ") || "—"}
                    </td>
                  </tr>
                ))}
                {data.people.length === 0 && (
                  <tr>
                    <td colSpan={8} className="px-2 py-6 text-center text-slate-500">
                      Nobody here.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <div className="flex items-center justify-between text-xs text-slate-600">
            <span>
              {formatNumber(data.total)} people · page {page} of {pages}
            </span>
            <span className="flex gap-2">
              <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <button type="button" className="btn-secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Next
              </button>
            </span>
          </div>
        </>
      )}
    </section>
  );
}
