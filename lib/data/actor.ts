import { AppError } from "@/lib/errors";
import { roleCan, type Permission, type Role } from "@/lib/auth/permissions";
import type { RawParams } from "@/lib/reports/params";

/**
 * What a share link lets its holder see: one project, and in it one dashboard (its tiles as they are) or one report
 * kind (whose parameters the viewer may change), always with the link's locked filters added.
 */
export type ShareScope = {
  linkId: string;
  projectSlug: string;
  dashboardId: string | null;
  /** A report link's kind (its parameters the viewer may change); null for a dashboard link. */
  kind: string | null;
  /** A dashboard link's tiles: the only report views it runs, exactly as the dashboard gives them. */
  views: { kind: string; params: RawParams }[];
  locks: string[];
  allowCsv: boolean;
  allowPeople: boolean;
  allowSql: boolean;
};

/**
 * Who is acting: a signed-in user, an API key (acting with its owner's role), the local CLI (an administrator:
 * whoever can run it already holds the database), or the holder of a share link (no role; only what the link shows).
 * Every function in lib/data takes one.
 */
export type Actor = {
  via: "user" | "api_key" | "cli" | "share";
  userId: string | null;
  email: string | null;
  role: Role;
  /** The browser session a signed-in user acts through. */
  sessionId?: string;
  /** A read-only API key: whatever the role allows, only `*.read` permissions. */
  readOnly?: boolean;
  /** A share link's holder: its permissions and scope come from the link, not from `role`. */
  share?: ShareScope;
};

export const cliActor: Actor = { via: "cli", userId: null, email: null, role: "admin" };

/** The actor of a share link's holder. `role` is never read for it (see `can`); sales is the least it could mean. */
export function shareActor(scope: ShareScope): Actor {
  return { via: "share", userId: null, email: null, role: "sales", share: scope };
}

/** A share link reads its dashboard or report, and people, SQL and CSV only when the link allows them. */
function shareCan(scope: ShareScope, permission: Permission) {
  if (permission === "reports.read" || permission === "dashboards.read") return true;
  if (permission === "people.read") return scope.allowPeople;
  if (permission === "sql.read") return scope.allowSql;
  if (permission === "exports.read") return scope.allowCsv;
  return false;
}

export function can(actor: Actor, permission: Permission) {
  if (actor.share) return shareCan(actor.share, permission);
  return roleCan(actor.role, permission) && (!actor.readOnly || permission.endsWith(".read"));
}

export function requirePermission(actor: Actor, permission: Permission) {
  if (can(actor, permission)) return;
  if (actor.share) throw new AppError("forbidden", "This link does not allow that.");
  throw new AppError("forbidden", actor.readOnly && roleCan(actor.role, permission) ? "This API key is read-only." : "You do not have permission to do this.");
}

/** Outside a share link's scope: the same 404 as for something that does not exist. */
export function outOfScope(): never {
  throw new AppError("not_found", "Not found.");
}

/** Parameters compared as sets of values: `where=a` from a URL is the `where: ["a"]` a tile stores. */
function sameView(a: RawParams, b: RawParams) {
  const norm = (p: RawParams) =>
    JSON.stringify(
      Object.entries(p)
        .map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).filter((x): x is string => x !== undefined && x !== "")] as const)
        .filter(([, v]) => v.length)
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return norm(a) === norm(b);
}

/**
 * The parameters a report runs with for this actor: as given for a signed-in user or a key; for a share link, only a
 * view the link shows (404 otherwise), with the link's locked filters added so that no parameter can remove them.
 * `extra` names parameters beside the report's own (a drill-down's), left out of the comparison with a tile.
 */
export function scopedParams(actor: Actor, kind: string, raw: RawParams, extra: readonly string[] = []): RawParams {
  const share = actor.share;
  if (!share) return raw;
  const own = Object.fromEntries(Object.entries(raw).filter(([k]) => !extra.includes(k)));
  const inScope = share.kind ? kind === share.kind : share.views.some((v) => v.kind === kind && sameView(v.params, own));
  if (!inScope) outOfScope();
  const where = [...(raw.where === undefined ? [] : Array.isArray(raw.where) ? raw.where : [raw.where])];
  for (const lock of share.locks) if (!where.includes(lock)) where.push(lock);
  return { ...raw, ...(where.length ? { where } : {}) };
}
