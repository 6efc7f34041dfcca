import { apiRoute } from "@/lib/http/api-route";
import { propertyValues } from "@/lib/data/property-values";

type Ctx = { params: Promise<{ slug: string }> };

/** GET /api/v1/projects/<slug>/property-values?scope=person&property=country&search=uni&limit=20 — top values with counts. */
export const GET = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug } = await ctx.params;
  const search = req.nextUrl.searchParams;
  return propertyValues(actor, slug, {
    scope: (search.get("scope") ?? "") as "event" | "person",
    property: search.get("property") ?? "",
    search: search.get("search") ?? undefined,
    limit: search.get("limit") ?? undefined,
  });
});
