/**
 * Sliding-window limiter for failed logins: at most `limit` failures per `windowMs` for each key (an address or an
 * account). Kept in the server process's memory: one app process serves an installation, and a restart forgetting
 * recent failures is acceptable for a brake on password guessing.
 */
export class FailureLimiter {
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

  recordFailure(key: string, now = Date.now()) {
    this.failures.set(key, [...this.recent(key, now), now]);
  }
}

export const loginLimiter = new FailureLimiter(
  Number(process.env.JOURNEYLENS_LOGIN_FAILURES_PER_MINUTE ?? 10),
  60_000,
);
