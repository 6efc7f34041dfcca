import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { listProjects } from "@/lib/data/projects";
import { listSavedReports } from "@/lib/data/saved-reports";
import { AppShell } from "@/components/shell/app-shell";
import { reportNavigation } from "@/components/reports/registry";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const [projects, saved] = await Promise.all([listProjects(actor), listSavedReports(actor)]);
  return (
    <AppShell
      user={{ name: actor.name, email: actor.email ?? "", role: actor.role }}
      projects={projects.map((p) => ({ slug: p.slug, name: p.name }))}
      reports={reportNavigation()}
      saved={saved.map((r) => ({ project: r.project, name: r.name, path: r.path }))}
      canManage={can(actor, "users.manage")}
      canUpload={can(actor, "uploads.create")}
      canShare={can(actor, "shares.create")}
    >
      {children}
    </AppShell>
  );
}
