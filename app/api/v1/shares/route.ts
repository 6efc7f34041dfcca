import { z } from "zod";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-body";
import { createShare, listShares, newShareSchema } from "@/lib/data/shares";
import { parseReportSpec } from "@/lib/reports/params";

/** GET /api/v1/shares[?project=<slug>] — live share links: all for an administrator, one's own otherwise. */
export const GET = apiRoute(async (req, actor) => ({ shares: await listShares(actor, { project: req.nextUrl.searchParams.get("project") ?? undefined }) }));

/**
 * POST /api/v1/shares {"project": …, "dashboard": "<id>" | "report": "<kind>?<params>", "expires": "30d", "password"?,
 * "locks": [filters], "allowCsv"?, "allowPeople"?, "allowSql"?} — the link's `path` (with its token) is returned once.
 */
export const POST = apiRoute(async (req, actor) => {
  const raw = z
    .object({ project: z.string(), report: z.string().max(4000).optional() })
    .passthrough()
    .parse(await readJson(req, '{"project": "giftly", "dashboard": "1", "expires": "7d", "locks": ["person.source = newsletter"]}'));
  const { project, report, ...rest } = raw;
  const input = report ? { ...rest, ...parseReportSpec(report) } : rest;
  return Response.json(await createShare(actor, project, input as z.input<typeof newShareSchema>), { status: 201 });
});
