import { ROLES, type Role } from "./permissions";

/**
 * The role a single sign-on claim maps to: `mapping` is role=value pairs ("admin=jl-admins,sales=jl-sales"), the
 * claim a string or a list of strings; the highest role matched wins (admin, then marketing, then sales), and a claim
 * matching none gives null (refused).
 */
export function roleFromClaim(claim: unknown, mapping: string): Role | null {
  const values = new Set((Array.isArray(claim) ? claim : claim === undefined || claim === null ? [] : [claim]).map(String));
  const pairs = mapping
    .split(",")
    .map((pair) => pair.split("=").map((s) => s.trim()))
    .filter((p): p is [string, string] => p.length === 2 && Boolean(p[0]) && Boolean(p[1]));
  for (const role of ROLES) if (pairs.some(([r, value]) => r === role && values.has(value))) return role;
  return null;
}
