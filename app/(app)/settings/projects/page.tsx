import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { requirePermission } from "@/lib/data/actor";
import { listProjects } from "@/lib/data/projects";
import { pageData } from "@/lib/http/page-data";
import { SettingsHeader } from "@/components/settings/settings-header";
import { ActionForm } from "@/components/settings/action-form";
import { createProjectAction } from "../actions";
import { ListTable } from "@/components/ui/list-table";
import { ProjectAdmin } from "@/components/settings/project-admin";
import { TimeZoneList } from "@/components/settings/time-zone-list";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const actor = await requireActor();
  const projects = await pageData(async () => {
    requirePermission(actor, "projects.manage");
    return listProjects(actor);
  });
  if (!projects.ok) throw new Error(projects.message);
  return (
    <>
      <SettingsHeader title="Projects" body="Each project is one business's data: a site, an app or a store. Its time zone sets where days begin in every report." />
      <section className="card overflow-hidden">
        <TimeZoneList />
        <ListTable headers={["Project", "Slug", "Time zone", "Created", ""]} count={projects.data.length}>
          {projects.data.map((p) => (
            <tr key={p.slug}>
              <td className="px-4 py-2 font-medium">
                <Link href={`/p/${p.slug}/overview`} className="text-brand-700 hover:underline">
                  {p.name}
                </Link>
              </td>
              <td className="px-4 py-2">
                <code>{p.slug}</code>
              </td>
              <td className="px-4 py-2">{p.timezone}</td>
              <td className="px-4 py-2 tabular-nums">{p.createdAt.toISOString().slice(0, 10)}</td>
              <td className="px-4 py-2">
                <ProjectAdmin slug={p.slug} name={p.name} timezone={p.timezone} />
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
      <section className="card p-5">
        <h2 className="mb-3 font-semibold">Create a project</h2>
        <ActionForm action={createProjectAction} className="grid grid-cols-1 gap-3 md:grid-cols-4">
          <input name="name" placeholder="Name, e.g. Acme Store" aria-label="Name" className="input" />
          <input name="slug" placeholder="slug, e.g. acme" aria-label="Slug" required className="input" />
          <input name="timezone" placeholder="Time zone, e.g. Europe/Berlin" aria-label="Time zone" defaultValue="UTC" list="time-zones" className="input" />
          <button type="submit" className="btn-primary">
            Create project
          </button>
        </ActionForm>
      </section>
    </>
  );
}
