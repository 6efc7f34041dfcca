import { apiRoute } from "@/lib/http/api-route";
import { deleteUpload, getUpload } from "@/lib/data/uploads";

type Ctx = { params: Promise<{ slug: string; id: string }> };

/** GET …/uploads/<id> — one upload with its progress, counts and error report. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => {
  const { slug, id } = await ctx.params;
  return getUpload(actor, slug, id);
});

/** DELETE …/uploads/<id> — removes exactly the rows it brought. */
export const DELETE = apiRoute<Ctx>(async (_req, actor, ctx) => {
  const { slug, id } = await ctx.params;
  return { deleted: await deleteUpload(actor, slug, id) };
});
