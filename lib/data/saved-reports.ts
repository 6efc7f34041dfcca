import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RawParams } from "@/lib/reports/params";
import { requirePermission, type Actor } from "./actor";
import { listProjects, getProject } from "./projects";
import { checkReportParams } from "./reports";

const paramsSchema = z.record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]));
export const savedReportSchema = z.object({
  kind: z.string().min(1).max(50),
  name: z.string().trim().min(1, "A saved report needs a name.").max(200, "A name is at most 200 characters."),
  description: z.string().trim().max(2000, "A description is at most 2,000 characters.").default(""),
  params: paramsSchema.default({}),
});
export type SavedReportInput = z.input<typeof savedReportSchema>;
export type SavedReport = { id: string; kind: string; name: string; description: string; params: RawParams; updatedAt: string; path: string };

const idOf = (id: string) => (/^\d{1,18}$/.test(id) ? BigInt(id) : -1n);
const view = (slug: string, r: { id: bigint; kind: string; name: string; description: string; params: unknown; updatedAt: Date }): SavedReport => ({
  id: r.id.toString(), kind: r.kind, name: r.name, description: r.description, params: r.params as RawParams,
  updatedAt: r.updatedAt.toISOString(), path: `/p/${slug}/saved/${r.id}`,
});

function parseInput(input: SavedReportInput) {
  const parsed = savedReportSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  return { ...parsed.data, params: checkReportParams(parsed.data.kind, parsed.data.params) };
}

/** Saves a report view under a name; its parameters are checked as a run would check them. */
export async function saveReport(actor: Actor, slug: string, input: SavedReportInput): Promise<SavedReport> {
  requirePermission(actor, "reports.save");
  const project = await getProject(actor, slug);
  const { kind, name, description, params } = parseInput(input);
  const { prisma } = await getDb();
  return view(slug, await prisma.savedReport.create({ data: { projectId: project.id, kind, name, description, params, userId: actor.userId } }));
}

/** Changes a saved report's name, description or view; its id, and with it its URL, stay. */
export async function updateSavedReport(actor: Actor, slug: string, id: string, input: Partial<Omit<SavedReportInput, "kind">>): Promise<SavedReport> {
  requirePermission(actor, "reports.save");
  const current = await getSavedReport(actor, slug, id);
  const { name, description, params } = parseInput({ kind: current.kind, name: input.name ?? current.name, description: input.description ?? current.description, params: (input.params ?? current.params) as Record<string, string | string[]> });
  const { prisma } = await getDb();
  return view(slug, await prisma.savedReport.update({ where: { id: idOf(id) }, data: { name, description, params } }));
}

export async function getSavedReport(actor: Actor, slug: string, id: string): Promise<SavedReport> {
  requirePermission(actor, "projects.read");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const found = await prisma.savedReport.findFirst({ where: { id: idOf(id), projectId: project.id } });
  if (!found) throw new AppError("not_found", `No saved report ${id} in this project.`);
  return view(slug, found);
}

export async function deleteSavedReport(actor: Actor, slug: string, id: string) {
  requirePermission(actor, "reports.save");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const { count } = await prisma.savedReport.deleteMany({ where: { id: idOf(id), projectId: project.id } });
  if (!count) throw new AppError("not_found", `No saved report ${id} in this project.`);
}

/** Every saved report of the projects the actor reads, by project, for the navigation. */
export async function listSavedReports(actor: Actor): Promise<(SavedReport & { project: string })[]> {
  requirePermission(actor, "projects.read");
  const projects = await listProjects(actor);
  const { prisma } = await getDb();
  const rows = await prisma.savedReport.findMany({ where: { projectId: { in: projects.map((p) => p.id) } }, orderBy: { name: "asc" }, include: { project: { select: { slug: true } } } });
  return rows.map((r) => ({ ...view(r.project.slug, r), project: r.project.slug }));
}
