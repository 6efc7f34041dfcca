import "server-only";
import { getDb } from "@/lib/db/client";

/**
 * Signed-in sessions, kept server-side: the session cookie names one, and only a session that has not ended (and has
 * not expired) lets its cookie act. Ending sessions is how a password change, a reset, a disable or a role change
 * takes effect on browsers already signed in.
 */
export const SESSION_HOURS = 12;

export async function startSession(userId: string, address: string | null): Promise<string> {
  const { prisma } = await getDb();
  // Sessions over a month past their end are of no use to anyone; cleared as new ones start.
  await prisma.session.deleteMany({ where: { userId, expiresAt: { lt: new Date(Date.now() - 30 * 86_400_000) } } });
  const session = await prisma.session.create({ data: { userId, address, expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000) } });
  return session.id;
}

/** Ends one session (sign-out). */
export async function endSession(sessionId: string) {
  const { prisma } = await getDb();
  await prisma.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date() } });
}

/** Ends every session of a user, but `keep` (the browser that made the change). */
export async function endSessionsOf(userId: string, keep?: string) {
  const { prisma } = await getDb();
  await prisma.session.updateMany({ where: { userId, endedAt: null, ...(keep ? { id: { not: keep } } : {}) }, data: { endedAt: new Date() } });
}
