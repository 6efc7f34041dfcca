import { apiRoute } from "@/lib/http/api-route";
import { readUploadRequest } from "@/lib/http/upload-request";
import { importUpload, listUploads, validateUpload } from "@/lib/data/uploads";
import { uploadLimiter } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { withUploadPlace } from "@/lib/ingest/upload-guards";

type Ctx = { params: Promise<{ slug: string }> };

/**
 * POST /api/v1/projects/<slug>/uploads?kind=events&map=person=CustomerID&set=name=purchase&skip_invalid=true
 * with the CSV file as the body (Content-Type: text/csv), or as the part "file" of a multipart/form-data body whose
 * fields before the file may carry the options. Answers the same result object as the CLI's --json; with
 * dry_run=true every row is checked and nothing stored (status "validated").
 */
export const POST = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug } = await ctx.params;
  const key = `upload:${actor.userId ?? actor.via}`;
  if (uploadLimiter.isBlocked(key)) throw new AppError("rate_limited", "Too many uploads in the last minute; try again shortly.");
  uploadLimiter.record(key);
  return withUploadPlace(async () => {
    const upload = await readUploadRequest(req);
    try {
      const input = { fileName: upload.fileName, stream: upload.stream, options: upload.options };
      return upload.dryRun ? await validateUpload(actor, slug, input) : await importUpload(actor, slug, input);
    } finally {
      upload.close();
    }
  });
}, { permission: "uploads.create" });

/** GET /api/v1/projects/<slug>/uploads — the upload history, newest first. */
export const GET = apiRoute<Ctx>(async (_req, actor, ctx) => {
  const { slug } = await ctx.params;
  return { uploads: await listUploads(actor, slug) };
});
