import "server-only";
import { renderPdf, ownOrigin } from "@/lib/export/chromium";
import { requirePermission, type Actor } from "./actor";
import { getDashboard } from "./dashboards";
import { getProject } from "./projects";
import { withRenderLink } from "./shares";

/**
 * A whole dashboard as PDF, drawn by the server's Chromium as the actor sees it: the dashboard's own filters, and a
 * share link's locked filters when the actor is one. Needs the right to download (every role; a link that allows CSV).
 */
export async function dashboardPdf(actor: Actor, slug: string, id: string): Promise<{ fileName: string; pdf: Buffer }> {
  requirePermission(actor, "exports.read");
  const project = await getProject(actor, slug);
  const dashboard = await getDashboard(actor, slug, id);
  const pdf = await withRenderLink(project.id, dashboard.id, actor.share?.locks ?? [], ({ path }) => renderPdf(`${ownOrigin()}${path}`));
  return { fileName: `${slug}-${dashboard.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.pdf`, pdf };
}
