import "server-only";
import { tokenDigest } from "@/lib/auth/token-digest";
import crypto from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { sessionSecret } from "@/lib/auth/secret";
import { SlidingWindowLimiter } from "@/lib/auth/rate-limit";
import { asArray, type RawParams } from "@/lib/reports/params";
import { can, requirePermission, shareActor, type Actor, type ShareScope } from "./actor";
import { recordAudit } from "./audit";
import { getDashboard } from "./dashboards";
import { getProject } from "./projects";
import { checkReportParams } from "./reports";

// A token is 24 random bytes (192 bits), stored as its SHA-256 digest: enough entropy that a fast digest is safe, and
// a request is matched with one indexed lookup.
const newToken = () => crypto.randomBytes(24).toString("base64url");
const idOf = (id: string) => (/^\d{1,18}$/.test(id) ? BigInt(id) : -1n);
const DAY_MS = 86_400_000;
/** How long a password unlock lasts in one browser. */
export const UNLOCK_MS = DAY_MS;
/** Guessing a link's password: at most 10 wrong ones a link in 15 minutes, from wherever they come. */
const wrongPasswords = new SlidingWindowLimiter(10, 15 * 60_000);

const duration = z
  .string()
  .trim()
  .regex(/^\d{1,4}[hd]$/, "An expiry is a number of hours or days: 12h, 1d, 30d.")
  .transform((s) => Number(s.slice(0, -1)) * (s.endsWith("h") ? 3_600_000 : DAY_MS))
  .refine((ms) => ms >= 3_600_000 && ms <= 365 * DAY_MS, "A link lasts from an hour to a year.");
const flag = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export const newShareSchema = z
  .object({
    dashboard: z.string().trim().optional(),
    kind: z.string().trim().optional(),
    params: z.record(z.string(), z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]).optional()).default({}),
    expires: z.string().optional().transform((v) => v || "30d").pipe(duration),
    password: z.string().max(200).optional(),
    locks: z.preprocess((v) => asArray(v).map((s) => String(s).trim()).filter(Boolean), z.array(z.string().max(500)).max(20)).default([]),
    allowCsv: flag.default(false),
    allowPeople: flag.default(false),
    allowSql: flag.default(false),
  })
  .refine((s) => Boolean(s.dashboard) !== Boolean(s.kind), "A link shares one dashboard or one report.");
export type NewShare = z.input<typeof newShareSchema>;

export type ShareInfo = {
  id: string;
  project: string;
  target: string;
  dashboard: string | null;
  kind: string | null;
  locks: string[];
  allowCsv: boolean;
  allowPeople: boolean;
  allowSql: boolean;
  password: boolean;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  views: number;
  lastViewedAt: string | null;
};

type LinkRow = Awaited<ReturnType<typeof findLinks>>[number];
function findLinks(where: object) {
  return getDb().then(({ prisma }) =>
    prisma.shareLink.findMany({
      where,
      orderBy: { createdAt: "desc" },
      include: { project: { select: { slug: true } }, dashboard: { select: { name: true } }, user: { select: { email: true } }, _count: { select: { views: true } }, views: { orderBy: { at: "desc" }, take: 1 } },
    }),
  );
}
const info = (l: LinkRow): ShareInfo => ({
  id: l.id.toString(),
  project: l.project.slug,
  target: l.dashboard ? `Dashboard “${l.dashboard.name}”` : `${l.kind} report`,
  dashboard: l.dashboardId?.toString() ?? null,
  kind: l.kind,
  locks: l.locks,
  allowCsv: l.allowCsv,
  allowPeople: l.allowPeople,
  allowSql: l.allowSql,
  password: l.passwordHash !== null,
  createdBy: l.user?.email ?? null,
  createdAt: l.createdAt.toISOString(),
  expiresAt: l.expiresAt.toISOString(),
  revokedAt: l.revokedAt?.toISOString() ?? null,
  views: l._count.views,
  lastViewedAt: l.views[0]?.at.toISOString() ?? null,
});

/**
 * Creates a link to one dashboard or one report view of a project. The locked filters are checked as a report's
 * `where` is; the token is returned once and never stored.
 */
export async function createShare(actor: Actor, slug: string, raw: NewShare): Promise<ShareInfo & { token: string; path: string }> {
  requirePermission(actor, "shares.create");
  const parsed = newShareSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const input = parsed.data;
  const project = await getProject(actor, slug);
  let params: RawParams = {};
  if (input.dashboard) await getDashboard(actor, slug, input.dashboard);
  else params = checkReportParams(input.kind!, input.params);
  checkReportParams(input.kind ?? "overview", { where: input.locks });
  const token = newToken();
  const db = await getDb();
  const created = await db.prisma.shareLink.create({
    data: {
      projectId: project.id,
      dashboardId: input.dashboard ? idOf(input.dashboard) : null,
      kind: input.kind ?? null,
      params: params as object,
      locks: input.locks,
      allowCsv: input.allowCsv,
      allowPeople: input.allowPeople,
      allowSql: input.allowSql,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      tokenHash: tokenDigest(token),
      expiresAt: new Date(Date.now() + input.expires),
      userId: actor.userId,
    },
  });
  await recordAudit(db, actor, "share.create", created.id.toString(), { project: slug, dashboard: input.dashboard ?? null, kind: input.kind ?? null, expiresAt: created.expiresAt, locks: input.locks });
  const [row] = await findLinks({ id: created.id });
  return { ...info(row!), token, path: `/s/${token}` };
}

/** Live links (not revoked, not expired): every one for an administrator, one's own otherwise; optionally of one project. */
export async function listShares(actor: Actor, options: { project?: string; all?: boolean } = {}): Promise<ShareInfo[]> {
  requirePermission(actor, "shares.create");
  const project = options.project ? await getProject(actor, options.project) : null;
  if (!can(actor, "shares.manage") && !actor.userId) return [];
  const rows = await findLinks({
    ...(project ? { projectId: project.id } : {}),
    ...(can(actor, "shares.manage") ? {} : { userId: actor.userId }),
    purpose: "share",
    ...(options.all ? {} : { revokedAt: null, expiresAt: { gt: new Date() } }),
  });
  return rows.map(info);
}

/** A link the actor may manage: its own, or any for an administrator; 404 otherwise. */
async function manageable(actor: Actor, id: string) {
  requirePermission(actor, "shares.create");
  const { prisma } = await getDb();
  const found = await prisma.shareLink.findFirst({ where: { id: idOf(id), purpose: "share" } });
  const own = actor.userId !== null && found?.userId === actor.userId;
  if (!found || (!can(actor, "shares.manage") && !own)) throw new AppError("not_found", `No share link ${id}.`);
  return found;
}

export async function revokeShare(actor: Actor, id: string) {
  const found = await manageable(actor, id);
  const db = await getDb();
  if (!found.revokedAt) await db.prisma.shareLink.update({ where: { id: found.id }, data: { revokedAt: new Date() } });
  await recordAudit(db, actor, "share.revoke", id);
}

/** A new token for the same link: the old address answers 404 from now on, and unlocks made with it end. */
export async function rotateShare(actor: Actor, id: string): Promise<{ token: string; path: string }> {
  const found = await manageable(actor, id);
  if (found.revokedAt) throw new AppError("conflict", "A revoked link cannot be rotated.");
  const token = newToken();
  const db = await getDb();
  await db.prisma.shareLink.update({ where: { id: found.id }, data: { tokenHash: tokenDigest(token) } });
  await recordAudit(db, actor, "share.rotate", id);
  return { token, path: `/s/${token}` };
}

/** When and from where a link was opened, newest first. */
export async function shareViews(actor: Actor, id: string, limit = 200) {
  const found = await manageable(actor, id);
  const { prisma } = await getDb();
  const rows = await prisma.shareView.findMany({ where: { linkId: found.id }, orderBy: { at: "desc" }, take: limit });
  return rows.map((v) => ({ at: v.at.toISOString(), address: v.address }));
}

/**
 * Runs `work` with the path of a link made for the server's own Chromium: the dashboard as the acting user may see it,
 * with the actor's locked filters (a share link's, or a digest's), for five minutes at most, deleted afterwards. The
 * caller has checked the actor may read the dashboard.
 */
export async function withRenderLink<T>(projectId: string, dashboardId: string, locks: string[], work: (link: { path: string; token: string }) => Promise<T>): Promise<T> {
  const token = newToken();
  const { prisma } = await getDb();
  // CSV allowed: a digest attaches each tile's numbers, read through this link's actor.
  const link = await prisma.shareLink.create({
    data: { projectId, dashboardId: idOf(dashboardId), locks, allowCsv: true, tokenHash: tokenDigest(token), expiresAt: new Date(Date.now() + 5 * 60_000), purpose: "render" },
  });
  try {
    return await work({ path: `/s/${token}`, token });
  } finally {
    await prisma.shareLink.delete({ where: { id: link.id } }).catch(() => {});
  }
}

/**
 * A link's page as its holder sees it: what it shows, and the actor it acts as — none while a password still locks
 * it, so nothing of the data layer can be reached before the unlock.
 */
export type OpenedShare = { actor: Actor | null; linkId: string; render: boolean; expiresAt: string; project: string; dashboardId: string | null; kind: string | null; params: RawParams; locks: string[] };

/** The cookie that remembers a password unlock: the link's id and current token digest, signed, with its end. */
export const unlockCookieName = (linkId: string) => `jl_share_${linkId}`;
const unlockMac = (linkId: string, tokenHash: string, until: number) => crypto.createHmac("sha256", sessionSecret()).update(`share-unlock:${linkId}:${tokenHash}:${until}`).digest("base64url");

function unlockValid(linkId: string, tokenHash: string, cookie: string | undefined, now: number) {
  const [until, mac] = (cookie ?? "").split(".");
  if (!until || !mac || !(Number(until) > now)) return false;
  const expected = Buffer.from(unlockMac(linkId, tokenHash, Number(until)));
  const given = Buffer.from(mac);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

async function liveLink(token: string) {
  if (!/^[\w-]{20,64}$/.test(token)) return null;
  const { prisma } = await getDb();
  const found = await prisma.shareLink.findUnique({ where: { tokenHash: tokenDigest(token) }, include: { project: { select: { slug: true } } } });
  return !found || found.revokedAt || found.expiresAt <= new Date() ? null : found;
}

/**
 * The actor a share token acts as, or 404 for a token that is wrong, revoked or expired — one answer for all three.
 * A password-protected link is `locked` until the browser holds a valid unlock cookie (`cookie`).
 */
export async function openShare(token: string, cookie: (name: string) => string | undefined): Promise<OpenedShare> {
  const link = await liveLink(token);
  if (!link) throw new AppError("not_found", "This link does not exist, has expired or was revoked.");
  const linkId = link.id.toString();
  const locked = link.passwordHash !== null && !unlockValid(linkId, link.tokenHash, cookie(unlockCookieName(linkId)), Date.now());
  const scope: ShareScope = {
    linkId,
    projectSlug: link.project.slug,
    dashboardId: link.dashboardId?.toString() ?? null,
    kind: link.kind,
    views: [],
    locks: link.locks,
    allowCsv: link.allowCsv,
    allowPeople: link.allowPeople,
    allowSql: link.allowSql,
  };
  const actor = shareActor(scope);
  if (!locked && scope.dashboardId) scope.views = (await getDashboard(actor, scope.projectSlug, scope.dashboardId)).tiles.filter((t) => !t.error).map((t) => ({ kind: t.kind, params: t.params }));
  return { actor: locked ? null : actor, linkId, render: link.purpose === "render", expiresAt: link.expiresAt.toISOString(), project: scope.projectSlug, dashboardId: scope.dashboardId, kind: link.kind, params: link.params as RawParams, locks: link.locks };
}

/** Records one opening of a link's page, with the address it came from. */
export async function recordShareView(opened: OpenedShare, address: string) {
  if (opened.render) return;
  const db = await getDb();
  await db.prisma.shareView.create({ data: { linkId: BigInt(opened.linkId), address } });
  await recordAudit(db, { via: "share", userId: null }, "share.view", opened.linkId, { address });
}

/**
 * Checks a link's password; on success returns the unlock cookie's name, value and lifetime. A wrong password is
 * refused with one message, and each attempt costs an Argon2id verification.
 */
export async function unlockShare(token: string, password: string): Promise<{ name: string; value: string; maxAge: number }> {
  const link = await liveLink(token);
  if (!link) throw new AppError("not_found", "This link does not exist, has expired or was revoked.");
  const key = link.id.toString();
  if (wrongPasswords.isBlocked(key)) throw new AppError("rate_limited", "Too many wrong passwords for this link. Try again in 15 minutes.", undefined, 900);
  if (!link.passwordHash || !(await verifyPassword(link.passwordHash, password))) {
    wrongPasswords.record(key);
    throw new AppError("unauthorized", "That password is not right.");
  }
  const until = Date.now() + UNLOCK_MS;
  const linkId = link.id.toString();
  return { name: unlockCookieName(linkId), value: `${until}.${unlockMac(linkId, link.tokenHash, until)}`, maxAge: UNLOCK_MS / 1000 };
}
