import { apiRoute } from "@/lib/http/api-route";
import { dashboardPdf } from "@/lib/data/exports";
import { pdfResponse } from "@/lib/http/file-response";

type Ctx = { params: Promise<{ slug: string; id: string }> };

/** GET /api/v1/projects/<slug>/dashboards/<id>/pdf — the whole dashboard as PDF, drawn by the server's Chromium. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => {
  const { slug, id } = await ctx.params;
  return pdfResponse(await dashboardPdf(actor, slug, id));
});
