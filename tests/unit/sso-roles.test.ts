import { describe, expect, it } from "vitest";
import { roleFromClaim } from "@/lib/auth/sso-roles";

const MAPPING = "admin=jl-admins, marketing=jl-marketing, sales=jl-sales";

describe("single sign-on roles", () => {
  it("map a claim's value, or the highest of a list's, to a role", () => {
    expect(roleFromClaim("jl-sales", MAPPING)).toBe("sales");
    expect(roleFromClaim(["staff", "jl-sales", "jl-marketing"], MAPPING)).toBe("marketing");
    expect(roleFromClaim(["jl-admins", "jl-sales"], MAPPING)).toBe("admin");
  });
  it("refuse a claim matching none, a missing claim, and values of another case", () => {
    expect(roleFromClaim(["staff"], MAPPING)).toBeNull();
    expect(roleFromClaim(undefined, MAPPING)).toBeNull();
    expect(roleFromClaim("JL-ADMINS", MAPPING)).toBeNull();
  });
  it("ignore pairs that name no role or no value", () => {
    expect(roleFromClaim("x", "owner=x, admin=, =y")).toBeNull();
    expect(roleFromClaim("y", "sales=y")).toBe("sales");
  });
});
