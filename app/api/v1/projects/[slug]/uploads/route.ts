import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { apiRoute } from "@/lib/http/api-route";
import { importUpload, listUploads, validateUpload } from "@/lib/data/uploads";
import { queryFlag, uploadOptionsFromQuery } from "@/lib/ingest/query-options";
import { ingestLimits, describeBytes } from "@/lib/ingest/limits";
import { uploadLimiter } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * POST /api/v1/projects/<slug>/uploads?kind=events&map=person=CustomerID&set=name=purchase&skip_invalid=true
 * with the CSV file as the body (Content-Type: text/csv). Answers the same result object as the CLI's --json; with
 * dry_run=true every row is checked and nothing stored (status "validated").
 */
export const POST = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug } = await ctx.params;
  const key = `upload:${actor.userId ?? actor.via}`;
  if (uploadLimiter.isBlocked(key)) throw new AppError("rate_limited", "Too many uploads in the last minute; try again shortly.");
  uploadLimiter.record(key);
  const type = req.headers.get("content-type") ?? "";
  if (!/^(text\/csv|text\/plain|application\/octet-stream|text\/tab-separated-values)\b/i.test(type))
    throw new AppError("unsupported", "Send the CSV file as the request body with Content-Type: text/csv.");
  const limits = ingestLimits();
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > limits.maxBytes) throw new AppError("too_large", `The file is larger than ${describeBytes(limits.maxBytes)}, the upload limit.`);
  if (!req.body) throw new AppError("invalid", "The request has no body: send the CSV file as the body.");
  const options = uploadOptionsFromQuery(req.nextUrl.searchParams);
  const stream = Readable.fromWeb(req.body as unknown as WebReadableStream<Uint8Array>);
  const input = { fileName: req.nextUrl.searchParams.get("file_name") ?? "api-upload.csv", stream, options };
  return queryFlag(req.nextUrl.searchParams, "dry_run") ? validateUpload(actor, slug, input) : importUpload(actor, slug, input);
});

/** GET /api/v1/projects/<slug>/uploads — the upload history, newest first. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => {
  const { slug } = await ctx.params;
  return { uploads: await listUploads(actor, slug) };
});
