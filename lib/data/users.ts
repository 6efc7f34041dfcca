import "server-only";
import { tokenDigest } from "@/lib/auth/token-digest";
import crypto from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { isUuid } from "@/lib/db/uuid";
import { AppError } from "@/lib/errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { passwordProblem } from "@/lib/auth/password-policy";
import { env } from "@/lib/env";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { endSessionsOf, startSession } from "./sessions";

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
    name: z.string().trim().min(1, "Enter a name.").max(120),
    role: z.enum(ROLES),
    password: z.string(),
  })
  .superRefine((u, ctx) => {
    const problem = passwordProblem(u.password, u);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type NewUser = z.input<typeof newUserSchema>;

/** Refuses a password the rules refuse (password-policy.ts), with the rule's words. */
function checkPassword(password: string, account: { email: string; name: string }) {
  const problem = passwordProblem(password, account);
  if (problem) throw new AppError("invalid", problem);
}

const publicUser = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true } as const;

export async function listUsers(actor: Actor) {
  requirePermission(actor, "users.manage");
  const { prisma } = await getDb();
  return prisma.user.findMany({ select: publicUser, orderBy: { email: "asc" } });
}

export async function createUser(actor: Actor, input: NewUser) {
  requirePermission(actor, "users.manage");
  const data = newUserSchema.parse(input);
  const db = await getDb();
  if (await db.prisma.user.findUnique({ where: { email: data.email } }))
    throw new AppError("conflict", `A user with the email ${data.email} already exists.`);
  const user = await db.prisma.user.create({
    data: { email: data.email, name: data.name, role: data.role, passwordHash: await hashPassword(data.password) },
    select: publicUser,
  });
  await recordAudit(db, actor, "user.create", data.email, { role: data.role });
  return user;
}

async function findUserByEmail(email: string) {
  const { prisma } = await getDb();
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: publicUser });
  if (!user) throw new AppError("not_found", `No user with the email ${email}.`);
  return user;
}

export async function setUserRole(actor: Actor, email: string, role: string) {
  requirePermission(actor, "users.manage");
  const parsed = z.enum(ROLES, { error: `Role must be one of ${ROLES.join(", ")}.` }).parse(role);
  const user = await findUserByEmail(email);
  if (user.id === actor.userId && parsed !== "admin")
    throw new AppError("invalid", "You cannot take the admin role from yourself.");
  const db = await getDb();
  const updated = await db.prisma.user.update({ where: { id: user.id }, data: { role: parsed }, select: publicUser });
  if (parsed !== user.role) await endSessionsOf(user.id);
  await recordAudit(db, actor, "user.set_role", user.email, { from: user.role, to: parsed });
  return updated;
}

export async function setUserDisabled(actor: Actor, email: string, disabled: boolean) {
  requirePermission(actor, "users.manage");
  const user = await findUserByEmail(email);
  if (user.id === actor.userId) throw new AppError("invalid", "You cannot disable your own account.");
  const db = await getDb();
  const updated = await db.prisma.user.update({ where: { id: user.id }, data: { disabled }, select: publicUser });
  if (disabled) await endSessionsOf(user.id);
  await recordAudit(db, actor, disabled ? "user.disable" : "user.enable", user.email);
  return updated;
}

/** Login: the acting user does not exist yet. Returns the user only for a right password on an enabled account. */
/** Checks a sign-in; each success and each failure is kept in the audit log with the address it came from. */
export async function verifyCredentials(email: string, password: string, address = "unknown") {
  const db = await getDb();
  const given = email.trim().toLowerCase();
  const user = await db.prisma.user.findUnique({ where: { email: given } });
  if (!user) await verifyPassword(await dummyPasswordHash(), password);
  const ok = user !== null && (await verifyPassword(user.passwordHash, password)) && !user.disabled;
  if (!ok) {
    await recordAudit(db, { via: "user", userId: null }, "auth.sign_in_failed", given, { address, reason: !user ? "no such user" : user.disabled ? "disabled" : "wrong password" });
    return null;
  }
  await recordAudit(db, { via: "user", userId: user.id }, "auth.sign_in", user.email, { address });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/**
 * The actor behind a session cookie: the user and the session read afresh on each request, so that a role change,
 * a disable or an ended session takes effect at once.
 */
export async function actorForSession(userId: string, sessionId: string): Promise<(Actor & { name: string }) | null> {
  if (!isUuid(sessionId)) return null;
  const { pool } = await getDb();
  // Every signed-in request reads this: one plain statement, as actorForApiKey does for keys.
  const { rows } = await pool.query<{ user_id: string; ended_at: Date | null; expires_at: Date; email: string; role: Role; name: string; disabled: boolean }>(
    `select s.user_id, s.ended_at, s.expires_at, u.email, u.role, u.name, u.disabled from sessions s join users u on u.id = s.user_id where s.id = $1`,
    [sessionId],
  );
  const session = rows[0];
  if (!session || session.user_id !== userId || session.ended_at || session.expires_at < new Date() || session.disabled) return null;
  return { via: "user", userId: session.user_id, email: session.email, role: session.role, name: session.name, sessionId };
}

/** The user a scheduled import acts for, when it runs with nobody signed in. */
export async function actorForUser(userId: string): Promise<Actor | null> {
  const { prisma } = await getDb();
  const user = await prisma.user.findUnique({ where: { id: userId } });
  return !user || user.disabled ? null : { via: "user", userId: user.id, email: user.email, role: user.role };
}

/** A signed-in user changes their own password; their other sessions end, this one goes on. */
export async function changeOwnPassword(actor: Actor, input: { current: string; next: string }) {
  if (actor.via !== "user" || !actor.userId) throw new AppError("forbidden", "Only a signed-in user changes their own password.");
  const db = await getDb();
  const user = await db.prisma.user.findUniqueOrThrow({ where: { id: actor.userId } });
  if (!(await verifyPassword(user.passwordHash, input.current))) throw new AppError("invalid", "The current password is not right.");
  checkPassword(input.next, user);
  await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.next) } });
  await endSessionsOf(user.id, actor.sessionId);
  await recordAudit(db, actor, "user.change_password", user.email);
}

/** An administrator (or the CLI) sets a user's password; every session of that user ends. */
export async function setUserPassword(actor: Actor, email: string, password: string) {
  requirePermission(actor, "users.manage");
  const user = await findUserByEmail(email);
  checkPassword(password, user);
  const db = await getDb();
  await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  await endSessionsOf(user.id);
  await recordAudit(db, actor, "user.set_password", user.email);
}


/**
 * A one-time link with which a user sets a new password, valid for JOURNEYLENS_RESET_LINK_HOURS: the token is 32
 * random bytes, stored as its SHA-256 only; the path is returned once.
 */
export async function createPasswordReset(actor: Actor, email: string): Promise<{ path: string; expiresAt: Date; email: string }> {
  requirePermission(actor, "users.manage");
  const user = await findUserByEmail(email);
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + env().JOURNEYLENS_RESET_LINK_HOURS * 3_600_000);
  const db = await getDb();
  await db.prisma.passwordReset.create({ data: { userId: user.id, tokenHash: tokenDigest(token), expiresAt } });
  await recordAudit(db, actor, "user.reset_link", user.email, { expiresAt: expiresAt.toISOString() });
  return { path: `/reset-password/${token}`, expiresAt, email: user.email };
}

/** The account a reset link is for, or 404 when the link is unknown, used or expired. */
async function openReset(token: string) {
  const { prisma } = await getDb();
  const reset = await prisma.passwordReset.findUnique({ where: { tokenHash: tokenDigest(token) }, include: { user: true } });
  if (!reset || reset.usedAt || reset.expiresAt < new Date() || reset.user.disabled)
    throw new AppError("not_found", "This link is not valid: it was used already, it has expired, or it never existed. Ask an administrator for a new one.");
  return reset;
}

export async function passwordResetFor(token: string): Promise<{ email: string }> {
  return { email: (await openReset(token)).user.email };
}

/** Sets the password with a reset link, once: the link is used up and every session of the user ends. */
export async function resetPassword(token: string, password: string) {
  const reset = await openReset(token);
  checkPassword(password, reset.user);
  const db = await getDb();
  const claimed = await db.prisma.passwordReset.updateMany({ where: { id: reset.id, usedAt: null }, data: { usedAt: new Date() } });
  if (claimed.count !== 1) throw new AppError("not_found", "This link was used already.");
  await db.prisma.user.update({ where: { id: reset.userId }, data: { passwordHash: await hashPassword(password) } });
  await endSessionsOf(reset.userId);
  await recordAudit(db, { via: "user", userId: reset.userId, email: reset.user.email, role: reset.user.role }, "user.reset_password", reset.user.email);
}

/**
 * Signs in someone the single sign-on provider vouches for: the account of that email is made on the first sign-in
 * (without a password: it can sign in only through the provider) and takes the role the provider's claim maps to at
 * every sign-in; a role change ends the account's other sessions, as it does when an administrator makes it.
 */
export async function signInWithSso(input: { email: string; name: string; role: Role }, address: string): Promise<{ id: string; sid: string }> {
  const db = await getDb();
  const email = input.email.trim().toLowerCase();
  const existing = await db.prisma.user.findUnique({ where: { email } });
  if (existing?.disabled) {
    await recordAudit(db, { via: "user", userId: null }, "auth.sign_in_failed", email, { address, method: "sso", reason: "disabled" });
    throw new AppError("forbidden", "This account is disabled.");
  }
  const user = existing
    ? await db.prisma.user.update({ where: { id: existing.id }, data: { role: input.role } })
    : await db.prisma.user.create({ data: { email, name: input.name || email, role: input.role, passwordHash: NO_PASSWORD } });
  if (existing && existing.role !== input.role) {
    await endSessionsOf(user.id);
    await recordAudit(db, { via: "user", userId: user.id }, "user.set_role", email, { from: existing.role, to: input.role, by: "sso" });
  }
  const sid = await startSession(user.id, address);
  await recordAudit(db, { via: "user", userId: user.id }, "auth.sign_in", email, { address, method: "sso", ...(existing ? {} : { created: true }) });
  return { id: user.id, sid };
}

/** What an account made by single sign-on has for a password hash: not a hash, so no password ever matches it. */
const NO_PASSWORD = "!sso";
