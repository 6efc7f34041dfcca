import { apiRoute } from "@/lib/http/api-route";
import { drilldownResponse } from "@/lib/http/report-response";

type Ctx = { params: Promise<{ slug: string; kind: string; drilldown: string }> };

/**
 * GET /api/v1/projects/<slug>/reports/<kind>/<drilldown>?<the report's params>&<the drill-down's params>
 *   [&page=1&page_size=50][&format=csv]
 * The rows behind one number of a report, e.g. retention/people?…&cell_cohort=2026-01-01&cell_period=3; CSV exports
 * all of them (up to 100,000).
 */
export const GET = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug, kind, drilldown } = await ctx.params;
  return drilldownResponse(req, actor, slug, kind, drilldown);
});
