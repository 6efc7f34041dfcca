import { apiRoute } from "@/lib/http/api-route";
import { rotateShare } from "@/lib/data/shares";

type Ctx = { params: Promise<{ id: string }> };

/** POST /api/v1/shares/<id>/rotate — a new address for the link; the old one answers 404 from then on. */
export const POST = apiRoute<Ctx>(async (_req, actor, ctx) => rotateShare(actor, (await ctx.params).id));
