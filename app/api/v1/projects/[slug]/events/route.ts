import { apiRoute } from "@/lib/http/api-route";
import { ingestEventBatch } from "@/lib/data/uploads";
import { eventBatchLimiter } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";

type Ctx = { params: Promise<{ slug: string }> };

const MAX_BODY = 2 * 1024 * 1024;

/**
 * POST /api/v1/projects/<slug>/events {"events": [{"person", "name", "time", "session"?, "revenue"?, "properties"?}]}
 * — at most 1,000 events and 2 MiB a request; all stored or none.
 */
export const POST = apiRoute<Ctx>(
  async (req, actor, ctx) => {
    const { slug } = await ctx.params;
    const key = `events:${actor.userId ?? actor.via}`;
    if (eventBatchLimiter.isBlocked(key)) throw new AppError("rate_limited", "Too many requests in the last minute; try again shortly.");
    eventBatchLimiter.record(key);
    const body = await readJson(req, '{"events": [{"person": "u1", "name": "signup", "time": "2026-01-05T10:00:00Z"}]}', MAX_BODY);
    return Response.json(await ingestEventBatch(actor, slug, body), { status: 201 });
  },
  { permission: "uploads.create" },
);
