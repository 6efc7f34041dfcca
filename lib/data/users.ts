import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/permissions";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";

export const newUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
  name: z.string().trim().min(1, "Enter a name.").max(120),
  role: z.enum(ROLES),
  password: z.string().min(10, "Passwords need at least 10 characters.").max(200),
});
export type NewUser = z.infer<typeof newUserSchema>;

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
  await recordAudit(db, actor, "user.set_role", user.email, { from: user.role, to: parsed });
  return updated;
}

export async function setUserDisabled(actor: Actor, email: string, disabled: boolean) {
  requirePermission(actor, "users.manage");
  const user = await findUserByEmail(email);
  if (user.id === actor.userId) throw new AppError("invalid", "You cannot disable your own account.");
  const db = await getDb();
  const updated = await db.prisma.user.update({ where: { id: user.id }, data: { disabled }, select: publicUser });
  await recordAudit(db, actor, disabled ? "user.disable" : "user.enable", user.email);
  return updated;
}

/** Login: the acting user does not exist yet. Returns the user only for a right password on an enabled account. */
export async function verifyCredentials(email: string, password: string) {
  const { prisma } = await getDb();
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The actor behind a session: read afresh on each request so a role change or disabling takes effect at once. */
export async function actorForSession(userId: string): Promise<(Actor & { name: string }) | null> {
  const { prisma } = await getDb();
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user || user.disabled) return null;
  return { via: "user", userId: user.id, email: user.email, role: user.role, name: user.name };
}
