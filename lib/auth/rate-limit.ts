import { env } from "@/lib/env";

/**
 * Sliding-window limiter: at most `limit` hits per `windowMs` for each key (an address, an account, an API user).
 * Kept in the server process's memory: one app process serves an installation, and a restart forgetting recent hits
 * is acceptable for a brake on guessing and flooding.
 */
export class SlidingWindowLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number) {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  isBlocked(key: string, now = Date.now()) {
    return this.recent(key, now).length >= this.limit;
  }

  record(key: string, now = Date.now()) {
    this.failures.set(key, [...this.recent(key, now), now]);
  }
}

/** Failed sign-ins, per address and per account. */
export const loginLimiter = new SlidingWindowLimiter(env().JOURNEYLENS_LOGIN_FAILURES_PER_MINUTE, 60_000);

/** Uploads through the HTTP API, per acting user. */
export const uploadLimiter = new SlidingWindowLimiter(env().JOURNEYLENS_API_UPLOADS_PER_MINUTE, 60_000);

/** Event batches pushed through the HTTP API, per acting user. */
export const eventBatchLimiter = new SlidingWindowLimiter(env().JOURNEYLENS_API_EVENT_BATCHES_PER_MINUTE, 60_000);
