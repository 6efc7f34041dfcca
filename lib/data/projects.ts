import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { outOfScope, requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";

export const newProjectSchema = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "A slug is 2–40 lowercase letters, digits or dashes, starting with a letter or digit."),
  name: z.string().trim().max(120).optional(),
  timezone: z
    .string()
    .trim()
    .default("UTC")
    .refine(isTimeZone, { error: (issue) => `${String(issue.input)} is not an IANA time zone (e.g. Europe/Berlin).` }),
});
export type NewProject = z.input<typeof newProjectSchema>;

export function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const projectFields = { id: true, slug: true, name: true, timezone: true, createdAt: true } as const;
export type ProjectInfo = { id: string; slug: string; name: string; timezone: string; createdAt: Date };

/** Every user of an installation sees all its projects. */
export async function listProjects(actor: Actor): Promise<ProjectInfo[]> {
  requirePermission(actor, "projects.read");
  const { prisma } = await getDb();
  return prisma.project.findMany({ select: projectFields, orderBy: { name: "asc" } });
}

/**
 * A project the actor may see, or 404 — the same answer whether it does not exist or is out of reach. A share link
 * reaches its own project only, and only through this (it cannot browse the project's lists: no `projects.read`).
 */
export async function getProject(actor: Actor, slug: string): Promise<ProjectInfo> {
  if (actor.share) {
    if (slug !== actor.share.projectSlug) outOfScope();
  } else requirePermission(actor, "projects.read");
  const { prisma } = await getDb();
  const project = await prisma.project.findUnique({ where: { slug }, select: projectFields });
  if (!project) throw new AppError("not_found", `No project "${slug}".`);
  return project;
}

export async function createProject(actor: Actor, input: NewProject): Promise<ProjectInfo> {
  requirePermission(actor, "projects.manage");
  const data = newProjectSchema.parse(input);
  const db = await getDb();
  if (await db.prisma.project.findUnique({ where: { slug: data.slug } }))
    throw new AppError("conflict", `A project with the slug ${data.slug} already exists.`);
  const project = await db.prisma.project.create({
    data: { slug: data.slug, name: data.name || data.slug, timezone: data.timezone },
    select: projectFields,
  });
  await recordAudit(db, actor, "project.create", data.slug, { timezone: data.timezone });
  return project;
}
