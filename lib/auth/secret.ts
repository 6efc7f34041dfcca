import "server-only";
import crypto from "node:crypto";
import { embeddedSettings } from "@/lib/db/embedded-server";
import { env } from "@/lib/env";

export const SECRET_REQUIRED =
  "NEXTAUTH_SECRET is not set. It signs session cookies, and an installation on its own database in production or at a public URL must have its own: " +
  "set NEXTAUTH_SECRET to a random value of at least 32 characters (for example the output of `openssl rand -base64 32`) and start again.";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Whether the app's public URL (NEXTAUTH_URL) is unset or on this machine only. */
export function servedOnLoopback(url: string | undefined) {
  if (!url) return true;
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

let developmentSecret: string | null = null;

/**
 * The key that signs session cookies. Never a constant from the source: NEXTAUTH_SECRET when set; on the embedded
 * database, the one generated for this installation; in development on one's own database at a loopback URL, a
 * random one per process (sessions end with a restart). A production start on one's own database, or any start at a
 * public URL, without NEXTAUTH_SECRET is refused with a message saying how to set it.
 */
export function sessionSecret(): string {
  const settings = env();
  const given = settings.NEXTAUTH_SECRET ?? settings.AUTH_SECRET;
  if (given) return given;
  if (!settings.DATABASE_URL && servedOnLoopback(settings.NEXTAUTH_URL)) return embeddedSettings().secrets.sessionSecret;
  if (settings.NODE_ENV === "production" || !servedOnLoopback(settings.NEXTAUTH_URL)) throw new Error(SECRET_REQUIRED);
  developmentSecret ??= crypto.randomBytes(32).toString("base64url");
  return developmentSecret;
}
