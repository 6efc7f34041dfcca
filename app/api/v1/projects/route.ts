import { apiRoute } from "@/lib/http/api-route";
import { createProject, listProjects } from "@/lib/data/projects";
import { AppError } from "@/lib/errors";

/** GET /api/v1/projects — every project the caller may see. */
export const GET = apiRoute(async (_req, actor) => ({ projects: await listProjects(actor) }));

/** POST /api/v1/projects {slug, name?, timezone?} — admin only. */
export const POST = apiRoute(async (req, actor) => {
  const body = await req.json().catch(() => {
    throw new AppError("invalid", "The request body must be JSON: {\"slug\": …, \"name\": …, \"timezone\": …}.");
  });
  const project = await createProject(actor, body);
  return Response.json({ project }, { status: 201 });
});
