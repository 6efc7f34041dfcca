import "server-only";
import type { Db } from "@/lib/db/client";
import type { Actor } from "./actor";

export async function recordAudit(db: Db, actor: Actor, action: string, target: string | null, details: object = {}) {
  await db.prisma.auditLog.create({
    data: { userId: actor.userId, via: actor.via, action, target, details: details as object },
  });
}
