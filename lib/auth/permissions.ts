/** What each role may do. Code asks for a permission, never for a role name. */
export const ROLES = ["admin", "marketing", "sales"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "projects.read",
  "reports.read",
  "dashboards.read",
  "reports.save",
  "dashboards.edit",
  "shares.create",
  "uploads.create",
  "projects.manage",
  "users.manage",
  "apikeys.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ["projects.read", "reports.read", "dashboards.read"];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  marketing: new Set([...READ, "reports.save", "dashboards.edit", "shares.create"]),
  sales: new Set(READ),
};

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
