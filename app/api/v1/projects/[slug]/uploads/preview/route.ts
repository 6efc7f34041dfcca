import { apiRoute } from "@/lib/http/api-route";
import { previewUploadFor } from "@/lib/data/uploads";
import { uploadOptionsFromQuery } from "@/lib/ingest/query-options";
import { AppError } from "@/lib/errors";

type Ctx = { params: Promise<{ slug: string }> };

const MAX_SAMPLE = 1024 * 1024;

/** POST …/uploads/preview?kind=…[&final=1] with the start of the file as the body: what the upload page shows. */
export const POST = apiRoute<Ctx>(async (req, actor, ctx) => {
  const { slug } = await ctx.params;
  const sample = Buffer.from(await req.arrayBuffer());
  if (sample.length > MAX_SAMPLE) throw new AppError("too_large", "Send at most the first 1 MiB of the file for a preview.");
  const final = req.nextUrl.searchParams.get("final") === "1";
  return previewUploadFor(actor, slug, sample, final, uploadOptionsFromQuery(req.nextUrl.searchParams));
});
