import { shareRoute } from "@/lib/http/share-route";
import { reportResponse } from "@/lib/http/report-response";

/** GET /s/<token>/api/reports/<kind>?<params>[&format=csv] — a report the link shows, with its locked filters. */
export const GET = shareRoute<{ kind: string }>((req, actor, project, { kind }) => reportResponse(req, actor, project, kind));
