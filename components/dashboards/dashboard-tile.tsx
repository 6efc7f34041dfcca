"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { useReportApi } from "@/components/reports/common/report-api";
import { ReportUnavailable } from "@/components/reports/common/report-unavailable";
import { reportViews, type ReportProjectView } from "@/components/reports/registry";
import type { ReportOutput } from "@/lib/reports/definition";
import { searchParamsFromRaw, type RawParams } from "@/lib/reports/params";

type State = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; output: ReportOutput<{ asOf: string }> };

/** One tile: its own request for its report, a skeleton while it loads, its own error, and a link to the full view. */
export function DashboardTileBody({ project, kind, params, error, href }: { project: ReportProjectView; kind: string; params: RawParams; error: string | null; href: string | null }) {
  const [state, setState] = useState<State>({ status: "loading" });
  const query = searchParamsFromRaw(params).toString();
  const { base } = useReportApi(project.slug);
  useEffect(() => {
    if (error) return;
    const controller = new AbortController();
    fetch(`${base}/${kind}?${query}`, { signal: controller.signal })
      .then(async (res) => {
        const body = await res.json();
        setState(res.ok ? { status: "ready", output: body } : { status: "error", message: body.error?.message ?? `The report answered HTTP ${res.status}.` });
      })
      .catch((e: Error) => {
        if (e.name !== "AbortError") setState({ status: "error", message: "The report could not be loaded." });
      });
    return () => controller.abort();
  }, [base, kind, query, error]);
  const views = reportViews(kind);
  if (error || !views) return <p className="text-sm text-red-700">{error ?? `No report kind "${kind}".`}</p>;
  if (state.status === "loading")
    return (
      <div aria-busy="true" aria-label="Loading" className="space-y-2">
        <Skeleton className="h-6 w-40" />
        <Skeleton className="h-40" />
      </div>
    );
  if (state.status === "error")
    return (
      <p role="alert" className="text-sm text-red-700">
        {state.message}
      </p>
    );
  return (
    <div className="space-y-2">
      {state.output.unavailable ? (
        <ReportUnavailable unavailable={state.output.unavailable} slug={href ? project.slug : null} compact />
      ) : (
        <views.Tile project={project} output={state.output} />
      )}
      {state.output.warnings.map((w) => (
        <p key={w} role="status" className="text-xs text-amber-800">
          {w}
        </p>
      ))}
      {href && (
        <Link href={href} className="text-xs text-brand-700 hover:underline">
          Open the full report →
        </Link>
      )}
    </div>
  );
}
