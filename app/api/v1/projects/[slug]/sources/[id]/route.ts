import { apiRoute } from "@/lib/http/api-route";
import { removeSource } from "@/lib/data/import-sources";

type Ctx = { params: Promise<{ slug: string; id: string }> };

/** DELETE …/sources/<id> — stops the schedule; what it stored stays. */
export const DELETE = apiRoute<Ctx>(async (_req, actor, ctx) => {
  const { slug, id } = await ctx.params;
  await removeSource(actor, slug, id);
  return { removed: id };
});
