import { apiRoute } from "@/lib/http/api-route";
import { createSource, listSources } from "@/lib/data/import-sources";
import { AppError } from "@/lib/errors";

type Ctx = { params: Promise<{ slug: string }> };

/** GET …/sources — scheduled imports with their latest runs. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => ({ sources: await listSources(actor, (await ctx.params).slug) }));

/** POST …/sources {url, cron, options: {kind, map, set, separator, skipInvalid}} */
export const POST = apiRoute<Ctx>(async (req, actor, ctx) => {
  const body = await req.json().catch(() => {
    throw new AppError("invalid", 'The body must be JSON: {"url": …, "cron": "0 2 * * *", "options": {"kind": "events"}}.');
  });
  return Response.json(await createSource(actor, (await ctx.params).slug, body), { status: 201 });
});
