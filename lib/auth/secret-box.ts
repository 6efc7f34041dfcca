import "server-only";
import crypto from "node:crypto";
import { embeddedSettings } from "@/lib/db/embedded-server";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Encrypts credentials the app must keep to use later (a scheduled import's password or token) with AES-256-GCM, so
 * that a copy of the database does not give them away. The key is JOURNEYLENS_SECRETS_KEY, or on the embedded
 * database the one generated for the installation; on one's own database without it, nothing can be stored.
 */
function key(): Buffer {
  const settings = env();
  if (settings.JOURNEYLENS_SECRETS_KEY) return crypto.createHash("sha256").update(settings.JOURNEYLENS_SECRETS_KEY).digest();
  if (!settings.DATABASE_URL) return crypto.createHash("sha256").update(embeddedSettings().secrets.encryptionKey).digest();
  throw new AppError(
    "invalid",
    "Storing a credential needs an encryption key: set JOURNEYLENS_SECRETS_KEY to a random value of at least 32 characters (openssl rand -base64 32).",
  );
}

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function seal(plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export function open(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Not a sealed value");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
