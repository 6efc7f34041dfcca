import "server-only";
import { tokenDigest } from "@/lib/auth/token-digest";
import crypto from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { passwordProblem } from "@/lib/auth/password-policy";
import { env } from "@/lib/env";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";

// 32 random bytes, stored as SHA-256 only (as reset links are); the link is shown once.

export const invitationSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  role: z.enum(ROLES, { message: "The role is admin, marketing or sales." }),
});

/** Invites someone by a one-time link, valid JOURNEYLENS_INVITE_DAYS, with which they choose a name and a password. */
export async function createInvitation(actor: Actor, raw: z.input<typeof invitationSchema>): Promise<{ id: string; email: string; role: string; path: string; expiresAt: Date }> {
  requirePermission(actor, "users.manage");
  const parsed = invitationSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const { email, role } = parsed.data;
  const db = await getDb();
  if (await db.prisma.user.findUnique({ where: { email } })) throw new AppError("conflict", `A user with the email ${email} already exists.`);
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env().JOURNEYLENS_INVITE_DAYS * 86_400_000);
  const created = await db.prisma.invitation.create({ data: { email, role, tokenHash: tokenDigest(token), expiresAt, invitedById: actor.userId } });
  await recordAudit(db, actor, "user.invite", email, { role, expiresAt: expiresAt.toISOString() });
  return { id: created.id, email, role, path: `/invite/${token}`, expiresAt };
}

/** Invitations not used, revoked or expired, newest first. */
export async function listInvitations(actor: Actor) {
  requirePermission(actor, "users.manage");
  const { prisma } = await getDb();
  const rows = await prisma.invitation.findMany({
    where: { usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    include: { invitedBy: { select: { email: true } } },
  });
  return rows.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), invitedBy: i.invitedBy?.email ?? null }));
}

export async function revokeInvitation(actor: Actor, id: string) {
  requirePermission(actor, "users.manage");
  const db = await getDb();
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const { count } = valid ? await db.prisma.invitation.updateMany({ where: { id, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } }) : { count: 0 };
  if (!count) throw new AppError("not_found", `No open invitation ${id}.`);
  await recordAudit(db, actor, "user.revoke_invitation", id);
}

/** The invitation of a link, or 404 when it is unknown, used, revoked or expired — one answer for all. */
async function openInvitation(token: string) {
  const { prisma } = await getDb();
  const found = /^[\w-]{20,100}$/.test(token) ? await prisma.invitation.findUnique({ where: { tokenHash: tokenDigest(token) } }) : null;
  if (!found || found.usedAt || found.revokedAt || found.expiresAt <= new Date())
    throw new AppError("not_found", "This invitation is not valid: it was used already, revoked, has expired, or never existed. Ask an administrator for a new one.");
  return found;
}

export async function invitationFor(token: string): Promise<{ email: string; role: string }> {
  const found = await openInvitation(token);
  return { email: found.email, role: found.role };
}

const acceptSchema = z.object({ name: z.string().trim().min(1, "Enter a name.").max(120), password: z.string() });

/** Joins with an invitation, once: the account is made with the invited email and role, and the link is used up. */
export async function acceptInvitation(token: string, raw: z.input<typeof acceptSchema>): Promise<{ email: string }> {
  const invitation = await openInvitation(token);
  const parsed = acceptSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const problem = passwordProblem(parsed.data.password, { email: invitation.email, name: parsed.data.name });
  if (problem) throw new AppError("invalid", problem);
  const passwordHash = await hashPassword(parsed.data.password);
  const db = await getDb();
  const user = await db.prisma.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, usedAt: null, revokedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) throw new AppError("not_found", "This invitation was used already.");
    if (await tx.user.findUnique({ where: { email: invitation.email } })) throw new AppError("conflict", `A user with the email ${invitation.email} already exists.`);
    return tx.user.create({ data: { email: invitation.email, name: parsed.data.name, role: invitation.role, passwordHash } });
  });
  await recordAudit(db, { via: "user", userId: user.id }, "user.accept_invitation", user.email, { role: user.role });
  return { email: user.email };
}
