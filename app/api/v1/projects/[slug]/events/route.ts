import { apiRoute } from "@/lib/http/api-route";
import { ingestEventBatch } from "@/lib/data/uploads";
import { eventBatchLimiter } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";

type Ctx = { params: Promise<{ slug: string }> };

const MAX_BODY = 2 * 1024 * 1024;

/**
 * POST /api/v1/projects/<slug>/events {"events": [{"person", "name", "time", "session"?, "revenue"?, "properties"?}]}
 * — at most 1,000 events and 2 MiB a request; all stored or none.
 */
export const POST = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug } = await ctx.params;
  const key = `events:${actor.userId ?? actor.via}`;
  if (eventBatchLimiter.isBlocked(key)) throw new AppError("rate_limited", "Too many requests in the last minute; try again shortly.");
  eventBatchLimiter.record(key);
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY) throw new AppError("too_large", "A request may carry at most 2 MiB of JSON.");
  const text = await req.text();
  if (text.length > MAX_BODY) throw new AppError("too_large", "A request may carry at most 2 MiB of JSON.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("invalid", 'The body must be JSON: {"events": [{"person": "u1", "name": "signup", "time": "2026-01-05T10:00:00Z"}]}.');
  }
  return Response.json(await ingestEventBatch(actor, slug, body), { status: 201 });
});
