import { env } from "@/lib/env";

/** Most keys (addresses, users) a limiter remembers: past it, the least recently seen are forgotten. */
const MAX_KEYS = 10_000;

/** Re-inserts a key so that a Map's order is least recently seen first, and drops the oldest past MAX_KEYS. */
function touch<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
}

/**
 * Sliding-window limiter: at most `limit` hits per `windowMs` for each key (an API user). Kept in the server
 * process's memory, bounded: one app process serves an installation, and a restart forgetting recent hits is
 * acceptable for a brake on flooding.
 */
export class SlidingWindowLimiter {
  private hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number) {
    const kept = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) touch(this.hits, key, kept);
    else this.hits.delete(key);
    return kept;
  }

  isBlocked(key: string, now = Date.now()) {
    return this.recent(key, now).length >= this.limit;
  }

  record(key: string, now = Date.now()) {
    touch(this.hits, key, [...this.recent(key, now), now]);
  }

  get size() {
    return this.hits.size;
  }
}

/**
 * Failed sign-ins, per client address: the first `free` cost nothing; after them each attempt from that address
 * waits, from its last failure, 1 s, then 2, 4… up to 15 minutes. Nothing is kept per account, so a guesser elsewhere
 * cannot keep a user who gives the right password from signing in from their own address. An address is forgotten
 * an hour after its last failure.
 */
export class LoginThrottle {
  private failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly free: () => number,
    private readonly maxWaitMs = 15 * 60_000,
    private readonly forgetMs = 60 * 60_000,
  ) {}

  /** Milliseconds the address must still wait before its next attempt (0: it may try now). */
  waitFor(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    if (now - entry.last > this.forgetMs) {
      this.failures.delete(address);
      return 0;
    }
    const over = entry.count - this.free();
    if (over < 0) return 0;
    return Math.max(0, entry.last + Math.min(this.maxWaitMs, 1000 * 2 ** over) - now);
  }

  failed(address: string, now = Date.now()) {
    const entry = this.failures.get(address);
    const fresh = entry && now - entry.last <= this.forgetMs;
    touch(this.failures, address, { count: fresh ? entry.count + 1 : 1, last: now });
  }

  get size() {
    return this.failures.size;
  }
}

export const loginThrottle = new LoginThrottle(() => env().JOURNEYLENS_LOGIN_FREE_FAILURES);

/** Uploads through the HTTP API, per acting user. */
export const uploadLimiter = new SlidingWindowLimiter(env().JOURNEYLENS_API_UPLOADS_PER_MINUTE, 60_000);

/** Event batches pushed through the HTTP API, per acting user. */
export const eventBatchLimiter = new SlidingWindowLimiter(env().JOURNEYLENS_API_EVENT_BATCHES_PER_MINUTE, 60_000);
