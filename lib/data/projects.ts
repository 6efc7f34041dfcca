import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { withTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { rebuildActivity } from "@/lib/reports/rollups/activity-masks";
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
  const { pool } = await getDb();
  // Every request about a project reads this: one plain statement (a Prisma read costs 4× its CPU).
  const { rows } = await pool.query<ProjectInfo>(
    `select id, slug, name, timezone, created_at as "createdAt" from projects where slug = $1`,
    [slug],
  );
  const project = rows[0];
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

const projectChangeSchema = z.object({
  name: z.string().trim().min(1, "A project needs a name.").max(120).optional(),
  timezone: newProjectSchema.shape.timezone.optional(),
});

/**
 * Renames a project or moves it to another time zone. A new zone changes where every report's days begin: the
 * activity rollup, which holds each person's weeks and months in the project's zone, is rebuilt in the new one, and
 * the data version is bumped with it so that no cached result of the old zone is served. An upload reads the zone
 * when it starts, so the zone does not move while one is running.
 */
export async function updateProject(actor: Actor, slug: string, input: z.input<typeof projectChangeSchema>): Promise<ProjectInfo> {
  requirePermission(actor, "projects.manage");
  const parsed = projectChangeSchema.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== "")));
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const current = await getProject(actor, slug);
  const db = await getDb();
  const { name = current.name, timezone = current.timezone } = parsed.data;
  const project = await withTransaction(db.pool, {}, async (client) => {
    const { rows } = await client.query<ProjectInfo>(
      `update projects set name = $2, timezone = $3, data_version = data_version + (case when timezone = $3 then 0 else 1 end)
       where id = $1 returning id, slug, name, timezone, created_at as "createdAt"`,
      [current.id, name, timezone],
    );
    if (timezone !== current.timezone) {
      const { rows: running } = await client.query("select 1 from uploads where project_id = $1 and status = 'running' limit 1", [current.id]);
      if (running.length) throw new AppError("conflict", "An upload into this project is running; change the time zone once it has finished.");
      await rebuildActivity(client, { id: current.id, timezone });
    }
    return rows[0]!;
  });
  await recordAudit(db, actor, "project.update", slug, { from: { name: current.name, timezone: current.timezone }, to: parsed.data });
  return project;
}

/** The tables that hold a project's rows without a foreign key to it (its events go with its own partition). */
const PROJECT_DATA_TABLES = ["people", "campaign_sends", "campaign_members", "spend", "activity_masks", "activity_people", "event_sequences", "activity_days", "activity_spans", "event_slots", "property_keys"] as const;

/**
 * Deletes a project and everything in it — events, people, uploads, dashboards, links — once `confirm` repeats its
 * slug. One transaction: the project is all there or all gone.
 */
export async function deleteProject(actor: Actor, slug: string, confirm: string) {
  requirePermission(actor, "projects.manage");
  const project = await getProject(actor, slug);
  if (confirm.trim() !== slug) throw new AppError("invalid", `Type the project's slug, ${slug}, to confirm that it and all its data are deleted.`);
  const db = await getDb();
  await withTransaction(db.pool, {}, async (client) => {
    await client.query("select 1 from projects where id = $1 for update", [project.id]);
    for (const table of PROJECT_DATA_TABLES) await client.query(`delete from ${table} where project_id = $1`, [project.id]);
    // The row's trigger drops the project's events table with all its segments; the rest goes by foreign key.
    await client.query("delete from projects where id = $1", [project.id]);
  });
  await recordAudit(db, actor, "project.delete", slug, { name: project.name });
}
