"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { DrilldownPage } from "@/lib/reports/definition";
import { formatNumber } from "@/lib/format";
import { PERSON_ATTRIBUTES, type PersonAttribute } from "@/lib/person-attributes";
import { useReportApi } from "./report-api";

const PAGE_SIZE = 25;

type ListedPerson = { person: string; properties: Record<string, unknown> } & { [a in PersonAttribute]: string | null };
export type PeopleColumn<P> = { header: string; cell: (person: P) => React.ReactNode };

/** A page of a drill-down's people, fetched when its URL changes; null while it loads. */
function usePeoplePage<P>(url: string) {
  const [loaded, setLoaded] = useState<{ url: string; data: DrilldownPage<P> | null; error: string | null } | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetch(url).then(async (res) => {
      if (cancelled) return;
      const body = await res.json().catch(() => null);
      if (!res.ok) setLoaded({ url, data: null, error: body?.error?.message ?? `The server answered ${res.status}.` });
      else setLoaded({ url, data: body as DrilldownPage<P>, error: null });
    });
    return () => {
      cancelled = true;
    };
  }, [url]);
  // The answer for another URL is not shown: a page or filter change shows the loading state until its own answer.
  return loaded?.url === url ? loaded : { data: null, error: null };
}

/**
 * The people behind a number, a page at a time, with a CSV of all of them: every people list of a report. Each person
 * links to their timeline when signed in (a share link's holder has no timeline pages).
 */
export function PeoplePanel<P extends ListedPerson>({
  slug,
  drilldown,
  query,
  title,
  summary,
  columns,
  toolbar,
  onClose,
  testId,
}: {
  slug: string;
  /** `<kind>/<drill-down>`, as under the reports API. */
  drilldown: string;
  /** The report's and the drill-down's parameters, without paging. */
  query: URLSearchParams;
  title: string;
  summary: React.ReactNode;
  /** Columns after the person's attributes, before their other properties. */
  columns: PeopleColumn<P>[];
  toolbar?: React.ReactNode;
  onClose: () => void;
  testId: string;
}) {
  const api = useReportApi(slug);
  const [paging, setPaging] = useState({ query: query.toString(), page: 1 });
  // A new selection starts again at its first page.
  const page = paging.query === query.toString() ? paging.page : 1;
  const base = `${api.base}/${drilldown}`;
  const { data, error } = usePeoplePage<P>(`${base}?${query}&page=${page}&page_size=${PAGE_SIZE}`);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const headers = ["Person", ...PERSON_ATTRIBUTES.map((a) => a[0]!.toUpperCase() + a.slice(1)), ...columns.map((c) => c.header), "Other properties"];
  const goTo = (n: number) => setPaging({ query: query.toString(), page: n });

  return (
    <section className="card space-y-3 p-5" aria-label={title} data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
          <p className="text-xs text-slate-500">{summary}</p>
        </div>
        <div className="flex items-center gap-2">
          {toolbar}
          {api.csv && (
            <a href={`${base}?${query}&format=csv`} className="btn-secondary" download data-testid={`${testId}-csv`}>
              Export CSV
            </a>
          )}
          <button type="button" className="btn-secondary" onClick={onClose} aria-label="Close the people list">
            ×
          </button>
        </div>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {!data && !error && <div className="h-40 animate-pulse rounded-md bg-slate-100" aria-label="Loading people" />}
      {data && (
        <>
          <div className="overflow-x-auto rounded-md border border-slate-200">
            <table className="min-w-full text-xs">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  {headers.map((h) => (
                    <th key={h} className="px-2 py-1.5 font-medium whitespace-nowrap">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.people.map((p) => (
                  <tr key={p.person}>
                    <td className="px-2 py-1 font-medium whitespace-nowrap">
                      {api.timelines ? (
                        <Link href={`${api.timelines}/${encodeURIComponent(p.person)}`} className="text-brand-700 hover:underline" title="Open this person's timeline">
                          {p.person}
                        </Link>
                      ) : (
                        p.person
                      )}
                    </td>
                    {PERSON_ATTRIBUTES.map((a) => (
                      <td key={a} className="px-2 py-1">
                        {p[a] ?? "—"}
                      </td>
                    ))}
                    {columns.map((c) => (
                      <td key={c.header} className="px-2 py-1 whitespace-nowrap tabular-nums">
                        {c.cell(p)}
                      </td>
                    ))}
                    <td className="max-w-64 truncate px-2 py-1 text-slate-500">
                      {Object.entries(p.properties)
                        .map(([k, v]) => `${k}: ${String(v)}`)
                        .join(" · ") || "—"}
                    </td>
                  </tr>
                ))}
                {data.people.length === 0 && (
                  <tr>
                    <td colSpan={headers.length} className="px-2 py-6 text-center text-slate-500">
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
              <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                Previous
              </button>
              <button type="button" className="btn-secondary" disabled={page >= pages} onClick={() => goTo(page + 1)}>
                Next
              </button>
            </span>
          </div>
        </>
      )}
    </section>
  );
}
