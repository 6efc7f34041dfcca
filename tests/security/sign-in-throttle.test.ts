import { afterEach, describe, expect, it } from "vitest";
import { LoginThrottle, SlidingWindowLimiter } from "@/lib/auth/rate-limit";
import { argon2Load, hashPassword, verifyPassword } from "@/lib/auth/password";
import { clientAddress } from "@/lib/http/client-address";

/** 3. Sign-in throttling that cannot be turned against users: per address, growing waits, bounded memory. */
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  delete (globalThis as { journeylensPeerKey?: string }).journeylensPeerKey;
});

describe("the client address", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it("is the socket's peer as the production server records it, whatever the client writes in X-Forwarded-For", () => {
    (globalThis as { journeylensPeerKey?: string }).journeylensPeerKey = "k1";
    expect(clientAddress(headers({ "x-journeylens-peer": "k1 198.51.100.9", "x-forwarded-for": "10.0.0.1" }))).toBe("198.51.100.9");
    // A peer header not made by this process (the client sent it) counts for nothing.
    expect(clientAddress(headers({ "x-journeylens-peer": "guess 10.9.9.9" }))).toBe("unknown");
    expect(clientAddress({ "x-journeylens-peer": "k1 ::1" })).toBe("::1");
  });

  it("behind N trusted proxies is the Nth entry from the right, never one the client wrote", () => {
    (globalThis as { journeylensPeerKey?: string }).journeylensPeerKey = "k1";
    process.env.JOURNEYLENS_TRUSTED_PROXIES = "1";
    // The client wrote 6.6.6.6; the proxy appended the address it saw, 203.0.113.5; the socket is the proxy's.
    const via = headers({ "x-journeylens-peer": "k1 10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.5" });
    expect(clientAddress(via)).toBe("203.0.113.5");
    process.env.JOURNEYLENS_TRUSTED_PROXIES = "2";
    expect(clientAddress(via)).toBe("6.6.6.6");
    process.env.JOURNEYLENS_TRUSTED_PROXIES = "5";
    expect(clientAddress(via)).toBe("6.6.6.6");
  });

  it("is unknown without the production server (next dev)", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.5" }))).toBe("unknown");
  });
});

describe("the sign-in throttle", () => {
  it("lets 5 failures pass, then makes each attempt wait 1, 2, 4… seconds from the last failure, up to 15 minutes", () => {
    const throttle = new LoginThrottle(() => 5);
    let now = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(throttle.waitFor("a", now)).toBe(0);
      throttle.failed("a", now);
    }
    expect(throttle.waitFor("a", now)).toBe(1000);
    now += 1000;
    expect(throttle.waitFor("a", now)).toBe(0);
    throttle.failed("a", now);
    expect(throttle.waitFor("a", now)).toBe(2000);
    for (let i = 0; i < 20; i++) throttle.failed("a", now);
    expect(throttle.waitFor("a", now)).toBe(15 * 60_000);
    // Another address is not slowed at all, and an hour without failures forgets the first.
    expect(throttle.waitFor("b", now)).toBe(0);
    expect(throttle.waitFor("a", now + 60 * 60_000 + 1)).toBe(0);
  });

  it("50 failures from one address leave the right password from another address untouched", () => {
    const throttle = new LoginThrottle(() => 5);
    for (let i = 0; i < 50; i++) throttle.failed("203.0.113.7", 5_000 + i);
    expect(throttle.waitFor("203.0.113.7", 5_100)).toBeGreaterThan(0);
    expect(throttle.waitFor("198.51.100.2", 5_100)).toBe(0);
  });

  it("remembers at most 10,000 addresses, forgetting the least recently seen", () => {
    const throttle = new LoginThrottle(() => 5);
    const limiter = new SlidingWindowLimiter(3, 60_000);
    for (let i = 0; i < 25_000; i++) {
      throttle.failed(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, 1000);
      limiter.record(`user-${i}`, 1000);
    }
    expect(throttle.size).toBe(10_000);
    expect(limiter.size).toBe(10_000);
  });
});

describe("argon2", () => {
  it("runs at most 4 at a time, however many sign-ins arrive together", async () => {
    const hash = await hashPassword("a-long-enough-password");
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, argon2Load().running)), 1);
    const results = await Promise.all(Array.from({ length: 24 }, () => verifyPassword(hash, "a-long-enough-password")));
    clearInterval(timer);
    expect(results.every(Boolean)).toBe(true);
    expect(peak).toBeLessThanOrEqual(4);
    expect(argon2Load()).toEqual({ running: 0, waiting: 0 });
  });
});
