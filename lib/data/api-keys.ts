import "server-only";
import { tokenDigest } from "@/lib/auth/token-digest";
import crypto from "node:crypto";
import { getDb } from "@/lib/db/client";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/auth/permissions";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";

// Keys are 32 random bytes; stored as a SHA-256 digest, which suffices for a secret with this much entropy and lets
// a request be matched with one indexed lookup.
const PREFIX = "jl_";


export async function listApiKeys(actor: Actor) {
  requirePermission(actor, "apikeys.manage");
  const { prisma } = await getDb();
  return prisma.apiKey.findMany({
    select: {
      id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, expiresAt: true, readOnly: true,
      user: { select: { email: true, role: true } },
    },
    orderBy: { createdAt: "desc" },
  });
}

export const newApiKeySchema = z.object({
  userEmail: z.string().trim().min(1, "Choose a user."),
  name: z.string().trim().max(80).default(""),
  /** Days until the key stops working; none: it does not expire. */
  expiresInDays: z.coerce.number().int().min(1, "A key lasts at least a day.").max(3650, "A key lasts at most 10 years.").optional(),
  // A checkbox sends "on" when ticked and nothing otherwise; the CLI and the API send true.
  readOnly: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).optional(),
});

/**
 * Creates a key acting as the user with `userEmail`, optionally expiring and read-only; the key text is returned
 * once and never stored.
 */
export async function createApiKey(actor: Actor, raw: z.input<typeof newApiKeySchema>) {
  const input = newApiKeySchema.parse(raw);
  requirePermission(actor, "apikeys.manage");
  const db = await getDb();
  const user = await db.prisma.user.findUnique({ where: { email: input.userEmail.trim().toLowerCase() } });
  if (!user) throw new AppError("not_found", `No user with the email ${input.userEmail}.`);
  const name = input.name.trim() || "API key";
  const key = PREFIX + crypto.randomBytes(32).toString("base64url");
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const readOnly = input.readOnly ?? false;
  const created = await db.prisma.apiKey.create({
    data: { userId: user.id, name, prefix: key.slice(0, 10), keyHash: tokenDigest(key), expiresAt, readOnly },
  });
  await recordAudit(db, actor, "apikey.create", created.id, { user: user.email, name, expiresAt, readOnly });
  return { id: created.id, name, prefix: created.prefix, user: user.email, expiresAt, readOnly, key };
}

export async function revokeApiKey(actor: Actor, id: string) {
  requirePermission(actor, "apikeys.manage");
  const db = await getDb();
  const key = /^[0-9a-f-]{36}$/i.test(id) ? await db.prisma.apiKey.findUnique({ where: { id } }) : null;
  if (!key) throw new AppError("not_found", `No API key with the id ${id}.`);
  if (!key.revokedAt) await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordAudit(db, actor, "apikey.revoke", id);
}

/** How often a key's last use is written: a busy key would otherwise write a row version on every request. */
const LAST_USED_EVERY_MS = 60_000;

/** The actor for a bearer key, or null for a wrong, revoked, expired or disabled-owner key. */
export async function actorForApiKey(key: string): Promise<Actor | null> {
  if (!key.startsWith(PREFIX)) return null;
  const { prisma, pool } = await getDb();
  // Every request with a key reads this: one plain statement (a Prisma read costs 4× its CPU, a tenth of the server's
  // time with fifty clients on a dashboard).
  const { rows } = await pool.query<KeyRow>(
    `select k.id, k.name, k.last_used_at, k.revoked_at, k.expires_at, k.read_only, u.id as user_id, u.email, u.role, u.disabled
     from api_keys k join users u on u.id = k.user_id where k.key_hash = $1`,
    [tokenDigest(key)],
  );
  const found = rows[0];
  const now = new Date();
  if (!found || found.revoked_at || found.disabled || (found.expires_at && found.expires_at <= now)) return null;
  if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() >= LAST_USED_EVERY_MS) {
    const { count } = await prisma.apiKey.updateMany({
      where: { id: found.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_EVERY_MS) } }] },
      data: { lastUsedAt: now },
    });
    // A key's use is in the audit log as often as its last use is written: at most once a minute.
    if (count) await recordAudit(await getDb(), { via: "api_key", userId: found.user_id }, "apikey.use", found.id, { name: found.name });
  }
  return { via: "api_key", userId: found.user_id, email: found.email, role: found.role, readOnly: found.read_only };
}

type KeyRow = {
  id: string;
  name: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date | null;
  read_only: boolean;
  user_id: string;
  email: string;
  role: Role;
  disabled: boolean;
};
