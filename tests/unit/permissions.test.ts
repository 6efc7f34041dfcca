import { describe, expect, it } from "vitest";
import { PERMISSIONS, roleCan } from "@/lib/auth/permissions";
import { SlidingWindowLimiter } from "@/lib/auth/rate-limit";

describe("role permissions", () => {
  it("admin may do everything", () => {
    expect(PERMISSIONS.every((p) => roleCan("admin", p))).toBe(true);
  });
  it("marketing reads and edits reports, their project definitions, dashboards and share links, and nothing of administration", () => {
    expect(PERMISSIONS.filter((p) => roleCan("marketing", p))).toEqual([
      "projects.read", "reports.read", "dashboards.read", "people.read", "sql.read", "exports.read", "reports.save", "definitions.edit", "dashboards.edit", "shares.create",
    ]);
  });
  it("sales only reads", () => {
    expect(PERMISSIONS.filter((p) => roleCan("sales", p))).toEqual(["projects.read", "reports.read", "dashboards.read", "people.read", "sql.read", "exports.read"]);
  });
});

describe("sliding-window limiter", () => {
  it("blocks the 11th hit within a minute and lets it through a minute after the first", () => {
    const limiter = new SlidingWindowLimiter(10, 60_000);
    for (let i = 0; i < 10; i++) {
      expect(limiter.isBlocked("acct:a", 1000 + i)).toBe(false);
      limiter.record("acct:a", 1000 + i);
    }
    expect(limiter.isBlocked("acct:a", 1010)).toBe(true);
    expect(limiter.isBlocked("acct:b", 1010)).toBe(false);
    expect(limiter.isBlocked("acct:a", 61_000)).toBe(false);
  });
});
