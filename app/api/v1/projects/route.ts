import { apiRoute } from "@/lib/http/api-route";
import { createProject, listProjects, type NewProject } from "@/lib/data/projects";
import { readJson } from "@/lib/http/read-body";

/** GET /api/v1/projects — every project the caller may see. */
export const GET = apiRoute(async (_req, actor) => ({ projects: await listProjects(actor) }));

/** POST /api/v1/projects {slug, name?, timezone?} — admin only. */
export const POST = apiRoute(
  async (req, actor) => {
    const project = await createProject(actor, (await readJson(req, '{"slug": …, "name": …, "timezone": …}')) as NewProject);
    return Response.json({ project }, { status: 201 });
  },
  { permission: "projects.manage" },
);
