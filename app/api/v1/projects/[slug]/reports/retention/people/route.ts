import { apiRoute } from "@/lib/http/api-route";
import { retentionCellPeople } from "@/lib/data/reports";
import { rawFromSearchParams } from "@/lib/reports/params";
import { toCsv } from "@/lib/reports/csv";
import { CELL_PEOPLE_COLUMNS, cellPeopleRows } from "@/lib/reports/retention/people";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * GET /api/v1/projects/<slug>/reports/retention/people?<retention params>&cell_cohort=2026-01-01&cell_period=3
 *   [&cell_group=<breakdown value>][&show=retained|lost][&page=1&page_size=50][&format=csv]
 * The people of one heatmap cell; CSV exports all of them (up to 100,000).
 */
export const GET = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug } = await ctx.params;
  const raw = rawFromSearchParams(req.nextUrl.searchParams);
  const csv = raw.format === "csv";
  delete raw.format;
  const result = await retentionCellPeople(actor, slug, raw, csv);
  if (!csv) return result;
  const name = `${slug}-retention-${raw.cell_cohort}-${raw.period ?? "week"}${raw.cell_period}-${raw.show ?? "retained"}.csv`.replace(/[^\w.-]/g, "_");
  return new Response(toCsv({ columns: CELL_PEOPLE_COLUMNS, rows: cellPeopleRows(result.people) }), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` },
  });
});
