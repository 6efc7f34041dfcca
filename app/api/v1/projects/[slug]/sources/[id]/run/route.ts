import { apiRoute } from "@/lib/http/api-route";
import { runSourceNow } from "@/lib/data/import-sources";

type Ctx = { params: Promise<{ slug: string; id: string }> };

/** POST …/sources/<id>/run — runs the import now. */
export const POST = apiRoute<Ctx>(async (_req, actor, ctx) => {
  const { slug, id } = await ctx.params;
  return runSourceNow(actor, slug, id);
});
