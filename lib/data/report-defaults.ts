import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RawParams } from "@/lib/reports/params";
import { isReportKind, REPORTS } from "@/lib/reports/registry";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { getProject } from "./projects";
import { checkReportParams, readReportDefaults } from "./reports";

/** The parameters a kind lets a project fix; 404 for a name that is no report. */
function defaultable(kind: string): readonly string[] {
  if (!isReportKind(kind)) throw new AppError("not_found", `No report kind "${kind}".`);
  return REPORTS[kind].definition.projectDefaults ?? [];
}

/**
 * A project's own defaults for a report kind (the parameters its definition lets a project fix), filled in wherever
 * a view leaves them out: a shop says once what a purchase and a return are, and every view of its journey stages,
 * on the page, in the API and in the CLI, reads them.
 */
export async function getReportDefaults(actor: Actor, slug: string, kind: string): Promise<RawParams> {
  requirePermission(actor, "reports.read");
  const project = await getProject(actor, slug);
  const { pool } = await getDb();
  defaultable(kind);
  return readReportDefaults(pool, project.id, kind);
}

/** Stores the given values of a kind's defaultable parameters (an empty value clears one), checked as a run would. */
export async function saveReportDefaults(actor: Actor, slug: string, kind: string, raw: RawParams): Promise<RawParams> {
  requirePermission(actor, "definitions.edit");
  const project = await getProject(actor, slug);
  const names = defaultable(kind);
  if (!names.length) throw new AppError("invalid", `The ${kind} report has no project defaults.`);
  const extra = Object.keys(raw).filter((n) => !names.includes(n));
  if (extra.length) throw new AppError("invalid", `A project's ${kind} defaults are ${names.join(", ")}; not ${extra.join(", ")}.`);
  const params = checkReportParams(kind, raw);
  const db = await getDb();
  await db.prisma.reportDefault.upsert({
    where: { projectId_kind: { projectId: project.id, kind } },
    create: { projectId: project.id, kind, params, userId: actor.userId },
    update: { params, userId: actor.userId },
  });
  await recordAudit(db, actor, "report_defaults.save", `${slug}/${kind}`, params);
  return params;
}
