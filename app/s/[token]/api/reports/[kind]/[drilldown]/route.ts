import { shareRoute } from "@/lib/http/share-route";
import { drilldownResponse } from "@/lib/http/report-response";

/** GET /s/<token>/api/reports/<kind>/<drilldown>?… — the people behind a number, when the link allows people lists. */
export const GET = shareRoute<{ kind: string; drilldown: string }>((req, actor, project, { kind, drilldown }) => drilldownResponse(req, actor, project, kind, drilldown));
