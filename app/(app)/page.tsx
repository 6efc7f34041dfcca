import Link from "next/link";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/data/actor";
import { listProjects } from "@/lib/data/projects";
import { EmptyState } from "@/components/ui/empty-state";

export default async function Home() {
  const actor = await requireActor();
  const [first] = await listProjects(actor);
  // The project's default dashboard, or its overview (app/(app)/p/[project]/page.tsx).
  if (first) redirect(`/p/${first.slug}`);
  return (
    <EmptyState title="No projects yet" body="A project holds one business's data: a site, an app or a store.">
      {can(actor, "projects.manage") ? (
        <Link href="/settings/projects" className="btn-primary">
          Create a project
        </Link>
      ) : (
        <p className="text-sm text-slate-500">Ask an administrator to create one.</p>
      )}
    </EmptyState>
  );
}
