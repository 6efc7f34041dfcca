import { apiRoute } from "@/lib/http/api-route";
import { previewUploadFor } from "@/lib/data/uploads";
import { uploadOptionsFromQuery } from "@/lib/ingest/query-options";
import { readBody } from "@/lib/http/read-body";

type Ctx = { params: Promise<{ slug: string }> };

const MAX_SAMPLE = 1024 * 1024;

/** POST …/uploads/preview?kind=…[&final=1] with the start of the file as the body: what the upload page shows. */
export const POST = apiRoute<Ctx>(
  async (req, actor, ctx) => {
    const { slug } = await ctx.params;
    const sample = await readBody(req, MAX_SAMPLE, "The start of the file sent for a preview");
    const final = req.nextUrl.searchParams.get("final") === "1";
    return previewUploadFor(actor, slug, sample, final, uploadOptionsFromQuery(req.nextUrl.searchParams));
  },
  { permission: "uploads.create" },
);
