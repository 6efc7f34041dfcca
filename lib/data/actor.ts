import { AppError } from "@/lib/errors";
import { roleCan, type Permission, type Role } from "@/lib/auth/permissions";

/**
 * Who is acting: a signed-in user, an API key (acting with its owner's role), or the local CLI (an administrator:
 * whoever can run it already holds the database). Every function in lib/data takes one.
 */
export type Actor = {
  via: "user" | "api_key" | "cli";
  userId: string | null;
  email: string | null;
  role: Role;
  /** The browser session a signed-in user acts through. */
  sessionId?: string;
  /** A read-only API key: whatever the role allows, only `*.read` permissions. */
  readOnly?: boolean;
};

export const cliActor: Actor = { via: "cli", userId: null, email: null, role: "admin" };

export function can(actor: Actor, permission: Permission) {
  return roleCan(actor.role, permission) && (!actor.readOnly || permission.endsWith(".read"));
}

export function requirePermission(actor: Actor, permission: Permission) {
  if (can(actor, permission)) return;
  throw new AppError("forbidden", actor.readOnly && roleCan(actor.role, permission) ? "This API key is read-only." : "You do not have permission to do this.");
}
