import { apiRoute } from "@/lib/http/api-route";
import { reportResponse } from "@/lib/http/report-response";

type Ctx = { params: Promise<{ slug: string; kind: string }> };

/** GET /api/v1/projects/<slug>/reports/<kind>?<params>[&format=csv] — the same parameters as the report's URL. */
export const GET = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug, kind } = await ctx.params;
  return reportResponse(req, actor, slug, kind);
});
