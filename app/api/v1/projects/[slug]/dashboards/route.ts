import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-body";
import { createDashboard, listDashboards } from "@/lib/data/dashboards";

type Ctx = { params: Promise<{ slug: string }> };

/** GET /api/v1/projects/<slug>/dashboards — the project's dashboards. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => ({ dashboards: await listDashboards(actor, (await ctx.params).slug) }));

const body = z.object({ name: z.string(), tiles: z.array(z.string().max(4000)).default([]) });

/** POST /api/v1/projects/<slug>/dashboards {"name": …, "tiles": ["retention?period=week", …]} — a new dashboard. */
export const POST = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug } = await ctx.params;
  const input = body.parse(await readJson(req, '{"name": "Weekly", "tiles": ["overview", "retention?period=week"]}'));
  return Response.json(await createDashboard(actor, slug, input.name, input.tiles), { status: 201 });
});
