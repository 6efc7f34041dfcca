import { apiRoute } from "@/lib/http/api-route";
import { listAudit } from "@/lib/data/audit";

/** GET /api/v1/audit?action=share.&user=ana&target=&from=2026-12-01&to=2026-12-31&page=1 — administrators only. */
export const GET = apiRoute(async (req, actor) => listAudit(actor, Object.fromEntries(req.nextUrl.searchParams)));
