import { apiRoute } from "@/lib/http/api-route";
import { revokeShare } from "@/lib/data/shares";

type Ctx = { params: Promise<{ id: string }> };

/** DELETE /api/v1/shares/<id> — revokes a link: it answers 404 from then on. */
export const DELETE = apiRoute<Ctx>(async (_req, actor, ctx) => {
  await revokeShare(actor, (await ctx.params).id);
  return { revoked: true };
});
