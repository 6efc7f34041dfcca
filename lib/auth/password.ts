import "server-only";
import { hash, verify } from "@node-rs/argon2";

// Argon2id (the package's `Algorithm.Argon2id`; a const enum, which isolated modules cannot read) with the
// OWASP-recommended minimum: 19 MiB memory, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so that a missing account takes as long to refuse. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash() {
  dummyHash ??= hashPassword("journeylens-no-such-account");
  return dummyHash;
}
