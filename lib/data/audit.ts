import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requirePermission, type Actor } from "./actor";

/** Who acted, as the log keeps it: an actor, or someone not signed in (a failed sign-in, a link's holder). */
type Who = Actor | { via: string; userId: string | null };

/**
 * One entry of the log, in plain SQL: every import writes one, and through Prisma it would load Prisma's query engine
 * (~60 MB) into a command-line import's process for that entry alone.
 */
export async function recordAudit(db: Db, actor: Who, action: string, target: string | null, details: object = {}) {
  await db.pool.query("insert into audit_log (user_id, via, action, target, details) values ($1, $2, $3, $4, $5::jsonb)", [
    actor.userId,
    actor.via,
    action,
    target,
    JSON.stringify(details),
  ]);
}

const filtersSchema = z.object({
  action: z.string().trim().max(60).optional(),
  user: z.string().trim().max(200).optional(),
  target: z.string().trim().max(200).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "from is a date (2026-12-01).").optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "to is a date (2026-12-31).").optional(),
  page: z.coerce.number().int().min(1).default(1),
});
export type AuditFilters = z.input<typeof filtersSchema>;
export type AuditEntry = { id: string; at: string; via: string; user: string | null; action: string; target: string | null; details: Record<string, unknown> };
const PAGE = 100;

/**
 * The audit log, newest first, a hundred entries a page: filtered by action (its start, "share." for every share
 * action), by the acting user's email (a part of it), by target, and by day (UTC). Administrators only.
 */
export async function listAudit(actor: Actor, raw: AuditFilters): Promise<{ entries: AuditEntry[]; total: number; page: number; pages: number }> {
  requirePermission(actor, "audit.read");
  const parsed = filtersSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== "" && v !== undefined)));
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const f = parsed.data;
  const where = {
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.user ? { user: { email: { contains: f.user.toLowerCase() } } } : {}),
    ...(f.target ? { target: { contains: f.target } } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}), ...(f.to ? { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) } : {}) } } : {}),
  };
  const { prisma } = await getDb();
  const [rows, total] = await Promise.all([
    prisma.auditLog.findMany({ where, orderBy: { id: "desc" }, skip: (f.page - 1) * PAGE, take: PAGE, include: { user: { select: { email: true } } } }),
    prisma.auditLog.count({ where }),
  ]);
  return {
    entries: rows.map((r) => ({ id: r.id.toString(), at: r.at.toISOString(), via: r.via, user: r.user?.email ?? null, action: r.action, target: r.target, details: r.details as Record<string, unknown> })),
    total,
    page: f.page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
  };
}

/** The actions the log holds, for the filter's choices. */
export async function auditActions(actor: Actor): Promise<string[]> {
  requirePermission(actor, "audit.read");
  const { prisma } = await getDb();
  return (await prisma.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } })).map((r) => r.action);
}
