import "server-only";
import crypto from "node:crypto";

/**
 * How a secret handed out once (an API key, a share, invitation or password-reset token) is stored: its SHA-256 in
 * hex. The tokens are long and random, so a fast hash is enough, and a lookup by digest is one index probe.
 */
export const tokenDigest = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
