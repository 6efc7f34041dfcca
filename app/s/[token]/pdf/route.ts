import { shareRoute } from "@/lib/http/share-route";
import { dashboardPdf } from "@/lib/data/exports";
import { pdfResponse } from "@/lib/http/file-response";

/** GET /s/<token>/pdf — a shared dashboard as PDF, with the link's locked filters, when the link allows downloads. */
export const GET = shareRoute<object>(async (_req, actor, project) => pdfResponse(await dashboardPdf(actor, project, actor.share?.dashboardId ?? "-")));
