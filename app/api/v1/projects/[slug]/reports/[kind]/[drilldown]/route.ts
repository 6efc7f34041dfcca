import { apiRoute } from "@/lib/http/api-route";
import { drilldownTable, runDrilldown } from "@/lib/data/reports";
import { rawFromSearchParams } from "@/lib/reports/params";
import { toCsv } from "@/lib/reports/csv";

type Ctx = { params: Promise<{ slug: string; kind: string; drilldown: string }> };

/**
 * GET /api/v1/projects/<slug>/reports/<kind>/<drilldown>?<the report's params>&<the drill-down's params>
 *   [&page=1&page_size=50][&format=csv]
 * The rows behind one number of a report, e.g. retention/people?…&cell_cohort=2026-01-01&cell_period=3; CSV exports
 * all of them (up to 100,000).
 */
export const GET = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug, kind, drilldown } = await ctx.params;
  const raw = rawFromSearchParams(req.nextUrl.searchParams);
  const csv = raw.format === "csv";
  delete raw.format;
  const page = await runDrilldown(actor, slug, kind, drilldown, raw, { all: csv, signal: req.signal });
  if (!csv) return page;
  const name = `${slug}-${kind}-${drilldown}.csv`.replace(/[^\w.-]/g, "_");
  return new Response(toCsv(drilldownTable(kind, drilldown, page.people)), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` },
  });
});
