import { apiRoute } from "@/lib/http/api-route";
import { listUsers } from "@/lib/data/users";

/** GET /api/v1/users — admin only. */
export const GET = apiRoute(async (_req, actor) => ({ users: await listUsers(actor) }));
