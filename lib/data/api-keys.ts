import "server-only";
import crypto from "node:crypto";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";

// Keys are 32 random bytes; stored as a SHA-256 digest, which suffices for a secret with this much entropy and lets
// a request be matched with one indexed lookup.
const PREFIX = "jl_";

function digest(key: string) {
  return crypto.createHash("sha256").update(key).digest("hex");
}

export async function listApiKeys(actor: Actor) {
  requirePermission(actor, "apikeys.manage");
  const { prisma } = await getDb();
  return prisma.apiKey.findMany({
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, user: { select: { email: true, role: true } } },
    orderBy: { createdAt: "desc" },
  });
}

/** Creates a key acting as the user with `userEmail`; the key text is returned once and never stored. */
export async function createApiKey(actor: Actor, input: { userEmail: string; name: string }) {
  requirePermission(actor, "apikeys.manage");
  const db = await getDb();
  const user = await db.prisma.user.findUnique({ where: { email: input.userEmail.trim().toLowerCase() } });
  if (!user) throw new AppError("not_found", `No user with the email ${input.userEmail}.`);
  const name = input.name.trim() || "API key";
  const key = PREFIX + crypto.randomBytes(32).toString("base64url");
  const created = await db.prisma.apiKey.create({
    data: { userId: user.id, name, prefix: key.slice(0, 10), keyHash: digest(key) },
  });
  await recordAudit(db, actor, "apikey.create", created.id, { user: user.email, name });
  return { id: created.id, name, prefix: created.prefix, user: user.email, key };
}

export async function revokeApiKey(actor: Actor, id: string) {
  requirePermission(actor, "apikeys.manage");
  const db = await getDb();
  const key = /^[0-9a-f-]{36}$/i.test(id) ? await db.prisma.apiKey.findUnique({ where: { id } }) : null;
  if (!key) throw new AppError("not_found", `No API key with the id ${id}.`);
  if (!key.revokedAt) await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordAudit(db, actor, "apikey.revoke", id);
}

/** The actor for a bearer key, or null for a wrong, revoked or disabled-owner key. */
export async function actorForApiKey(key: string): Promise<Actor | null> {
  if (!key.startsWith(PREFIX)) return null;
  const { prisma } = await getDb();
  const found = await prisma.apiKey.findUnique({ where: { keyHash: digest(key) }, include: { user: true } });
  if (!found || found.revokedAt || found.user.disabled) return null;
  await prisma.apiKey.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  return { via: "api_key", userId: found.user.id, email: found.user.email, role: found.user.role };
}
