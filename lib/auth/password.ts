import "server-only";
import { hash, verify } from "@node-rs/argon2";
import { Slots } from "@/lib/concurrency";
import { AppError } from "@/lib/errors";

// Argon2id (the package's `Algorithm.Argon2id`; a const enum, which isolated modules cannot read) with the
// OWASP-recommended minimum: 19 MiB memory, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Argon2 runs at a time, and runs waiting: each takes 19 MiB and a core for tens of milliseconds, so a flood of
 * sign-ins must queue rather than exhaust memory, and past the queue it is refused at once.
 */
const argon2 = new Slots({
  size: () => 4,
  maxWaiting: 64,
  full: () => new AppError("rate_limited", "The server is busy checking passwords. Try again in a moment."),
});
export function hashPassword(password: string) {
  return argon2.run(() => hash(password, OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await argon2.run(() => verify(passwordHash, password));
  } catch (error) {
    if (error instanceof AppError) throw error;
    return false;
  }
}

/** Argon2 runs now, and waiting: for tests and diagnostics. */
export const argon2Load = () => argon2.load;

/** A hash to verify against when the account does not exist, so that a missing account takes as long to refuse. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash() {
  dummyHash ??= hashPassword("journeylens-no-such-account");
  return dummyHash;
}
