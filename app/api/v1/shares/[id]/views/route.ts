import { apiRoute } from "@/lib/http/api-route";
import { shareViews } from "@/lib/data/shares";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/shares/<id>/views — when and from which address the link was opened, newest first. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => ({ views: await shareViews(actor, (await ctx.params).id) }));
