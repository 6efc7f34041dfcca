import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { listProjects } from "@/lib/data/projects";
import { AppShell } from "@/components/shell/app-shell";
import { reportNavigation } from "@/components/reports/registry";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const projects = await listProjects(actor);
  return (
    <AppShell
      user={{ name: actor.name, email: actor.email ?? "", role: actor.role }}
      projects={projects.map((p) => ({ slug: p.slug, name: p.name }))}
      reports={reportNavigation()}
      canManage={can(actor, "users.manage")}
      canUpload={can(actor, "uploads.create")}
    >
      {children}
    </AppShell>
  );
}
