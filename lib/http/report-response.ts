import "server-only";
import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/data/actor";
import { drilldownCsv, reportCsv, runDrilldown, runReport } from "@/lib/data/reports";
import { rawFromSearchParams } from "@/lib/reports/params";

const csvResponse = (csv: string, name: string) =>
  new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"` } });

/** A report as JSON, or with `format=csv` its table as CSV: for the API and for a share link's page alike. */
export async function reportResponse(req: NextRequest, actor: Actor, slug: string, kind: string) {
  const raw = rawFromSearchParams(req.nextUrl.searchParams);
  const csv = raw.format === "csv";
  delete raw.format;
  if (csv) return csvResponse(await reportCsv(actor, slug, kind, raw, { signal: req.signal }), `${slug}-${kind}.csv`);
  return runReport(actor, slug, kind, raw, { signal: req.signal });
}

/** A page of a drill-down's people as JSON, or with `format=csv` all of them (up to 100,000) as CSV. */
export async function drilldownResponse(req: NextRequest, actor: Actor, slug: string, kind: string, drilldown: string) {
  const raw = rawFromSearchParams(req.nextUrl.searchParams);
  const csv = raw.format === "csv";
  delete raw.format;
  if (csv) return csvResponse(await drilldownCsv(actor, slug, kind, drilldown, raw, { signal: req.signal }), `${slug}-${kind}-${drilldown}.csv`);
  return runDrilldown(actor, slug, kind, drilldown, raw, { signal: req.signal });
}
