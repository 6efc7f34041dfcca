import { apiRoute } from "@/lib/http/api-route";
import { reportTable, runReport } from "@/lib/data/reports";
import { rawFromSearchParams } from "@/lib/reports/params";
import { toCsv } from "@/lib/reports/csv";

type Ctx = { params: Promise<{ slug: string; kind: string }> };

/** GET /api/v1/projects/<slug>/reports/<kind>?<params>[&format=csv] — the same parameters as the report's URL. */
export const GET = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug, kind } = await ctx.params;
  const raw = rawFromSearchParams(req.nextUrl.searchParams);
  const format = raw.format === "csv" ? "csv" : "json";
  delete raw.format;
  const output = await runReport(actor, slug, kind, raw, { signal: req.signal });
  if (format === "csv")
    return new Response(toCsv(reportTable(kind, output.result)), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${slug}-${kind}.csv"` },
    });
  return output;
});
