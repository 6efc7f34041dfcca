import { apiRoute } from "@/lib/http/api-route";
import { getPersonTimeline } from "@/lib/data/people";

type Ctx = { params: Promise<{ slug: string; person: string }> };

/** GET /api/v1/projects/<slug>/people/<person>?page=1&page_size=200 — a person's properties and events, in order. */
export const GET = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug, person } = await ctx.params;
  const search = req.nextUrl.searchParams;
  return getPersonTimeline(actor, slug, decodeURIComponent(person), { page: search.get("page") ?? undefined, page_size: search.get("page_size") ?? undefined });
});
