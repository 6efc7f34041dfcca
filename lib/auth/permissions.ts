/** What each role may do. Code asks for a permission, never for a role name. */
export const ROLES = ["admin", "marketing", "sales"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  // Browse a project: its lists of dashboards, saved reports and alerts. A share link has no such permission.
  "projects.read",
  "reports.read",
  "dashboards.read",
  // The people behind a number (drill-downs), a report's SQL, and CSV downloads: every role; a share link only if it allows them.
  "people.read",
  "sql.read",
  "exports.read",
  "reports.save",
  // A project's own defaults for a report, such as what counts as a purchase and a return in its journey stages.
  "definitions.edit",
  "dashboards.edit",
  "shares.create",
  // Every share link, not only one's own: list, revoke, rotate.
  "shares.manage",
  "uploads.create",
  "projects.manage",
  "users.manage",
  "apikeys.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ["projects.read", "reports.read", "dashboards.read", "people.read", "sql.read", "exports.read"];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  marketing: new Set([...READ, "reports.save", "definitions.edit", "dashboards.edit", "shares.create"]),
  sales: new Set(READ),
};

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
