import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { defaultDashboardPath } from "@/lib/data/dashboards";

/** A project opens on its default dashboard, or on its overview. */
export default async function ProjectHome({ params }: { params: Promise<{ project: string }> }) {
  const actor = await requireActor();
  const { project } = await params;
  const dashboard = await defaultDashboardPath(actor, project).catch(() => null);
  redirect(dashboard ?? `/p/${encodeURIComponent(project)}/overview`);
}
