import { apiRoute } from "@/lib/http/api-route";
import { createSource, listSources } from "@/lib/data/import-sources";
import { readJson } from "@/lib/http/read-body";

type Ctx = { params: Promise<{ slug: string }> };

/** GET …/sources — scheduled imports with their latest runs. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => ({ sources: await listSources(actor, (await ctx.params).slug) }));

/** POST …/sources {url, cron, options: {kind, map, set, separator, skipInvalid}} */
export const POST = apiRoute<Ctx>(
  async (req, actor, ctx) => {
    const body = await readJson(req, '{"url": …, "cron": "0 2 * * *", "options": {"kind": "events"}}');
    return Response.json(await createSource(actor, (await ctx.params).slug, body as Parameters<typeof createSource>[2]), { status: 201 });
  },
  { permission: "uploads.create" },
);
