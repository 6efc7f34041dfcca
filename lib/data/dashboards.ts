import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { asArray, parseReportSpec, type RawParams } from "@/lib/reports/params";
import { outOfScope, requirePermission, type Actor } from "./actor";
import { getProject } from "./projects";
import { checkReportParams } from "./reports";
import { REPORTS, isReportKind } from "@/lib/reports/registry";
import { getSavedReport } from "./saved-reports";

/** A tile's place on the 12-column grid, in columns and rows of 40 px. */
const place = { x: z.number().int().min(0).max(11), y: z.number().int().min(0).max(1000), w: z.number().int().min(2).max(12), h: z.number().int().min(3).max(30) };
/** A tile as stored: its report (a saved one, or a kind and its parameters) and its place. */
type StoredTile = { i: string; saved?: string; kind?: string; params?: Record<string, string | string[]>; x: number; y: number; w: number; h: number };
const layoutSchema = z.array(z.object({ i: z.string(), ...place })).max(40);
const filtersSchema = z.object({ from: z.string().max(20).optional(), to: z.string().max(20).optional(), where: z.array(z.string().max(500)).max(20).optional() });
export type DashboardFilters = z.output<typeof filtersSchema>;

/** A tile as the page draws it: its report, its parameters with the dashboard's filters over them, its place. */
export type DashboardTile = { i: string; x: number; y: number; w: number; h: number; kind: string; title: string; params: RawParams; saved: string | null; error: string | null };
export type DashboardView = { id: string; name: string; isDefault: boolean; filters: DashboardFilters; tiles: DashboardTile[]; path: string };

const idOf = (id: string) => (/^\d{1,18}$/.test(id) ? BigInt(id) : -1n);

/** The dashboard's from and to replace a tile's own, and its filters are added to the tile's. */
export function withDashboardFilters(params: RawParams, filters: DashboardFilters): RawParams {
  const out: RawParams = { ...params };
  if (filters.from) out.from = filters.from;
  if (filters.to) out.to = filters.to;
  if (filters.where?.length) out.where = [...(asArray(params.where) as string[]), ...filters.where];
  return out;
}

async function findDashboard(actor: Actor, slug: string, id: string) {
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const found = await prisma.dashboard.findFirst({ where: { id: idOf(id), projectId: project.id } });
  if (!found) throw new AppError("not_found", `No dashboard ${id} in this project.`);
  return { project, found };
}

/**
 * A new dashboard, empty or with report tiles given as `<kind>?<params>` (as a report's URL has them), two a row;
 * every tile is checked before anything is stored.
 */
export async function createDashboard(actor: Actor, slug: string, name: string, tiles: string[] = []): Promise<{ id: string; path: string }> {
  requirePermission(actor, "dashboards.edit");
  const project = await getProject(actor, slug);
  const title = z.string().trim().min(1, "A dashboard needs a name.").max(200).safeParse(name);
  if (!title.success) throw new AppError("invalid", title.error.issues[0]!.message);
  if (tiles.length > 40) throw new AppError("invalid", "A dashboard holds at most 40 tiles.");
  const stored = tiles.map((spec, n): StoredTile => {
    const { kind, params: given } = parseReportSpec(spec);
    let params: RawParams;
    try {
      params = checkReportParams(kind, given);
    } catch (error) {
      throw new AppError("invalid", `Tile ${n + 1} (${spec}): ${error instanceof Error ? error.message : String(error)}`);
    }
    return { i: `t${n + 1}`, kind, params: params as StoredTile["params"], x: (n % 2) * 6, y: Math.floor(n / 2) * 8, w: 6, h: 8 };
  });
  const { prisma } = await getDb();
  const created = await prisma.dashboard.create({ data: { projectId: project.id, name: title.data, userId: actor.userId, tiles: stored } });
  return { id: created.id.toString(), path: `/p/${slug}/dashboards/${created.id}` };
}

export async function listDashboards(actor: Actor, slug: string) {
  requirePermission(actor, "projects.read");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const rows = await prisma.dashboard.findMany({ where: { projectId: project.id }, orderBy: { name: "asc" } });
  return rows.map((d) => ({ id: d.id.toString(), name: d.name, isDefault: d.isDefault, tiles: (d.tiles as StoredTile[]).length, path: `/p/${slug}/dashboards/${d.id}` }));
}

/** The project's default dashboard's path, or null. */
export async function defaultDashboardPath(actor: Actor, slug: string): Promise<string | null> {
  requirePermission(actor, "projects.read");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const found = await prisma.dashboard.findFirst({ where: { projectId: project.id, isDefault: true } });
  return found ? `/p/${slug}/dashboards/${found.id}` : null;
}

/**
 * A dashboard with each tile's report and parameters resolved (a saved report as it is now). A share link reads its
 * own dashboard only, and its saved reports only as tiles of it.
 */
export async function getDashboard(actor: Actor, slug: string, id: string): Promise<DashboardView> {
  requirePermission(actor, "dashboards.read");
  if (actor.share && actor.share.dashboardId !== id) outOfScope();
  const { project, found } = await findDashboard(actor, slug, id);
  const filters = filtersSchema.parse(found.filters);
  const stored = found.tiles as StoredTile[];
  const { prisma } = await getDb();
  const savedIds = stored.flatMap((t) => (t.saved ? [idOf(t.saved)] : []));
  const saved = new Map((await prisma.savedReport.findMany({ where: { projectId: project.id, id: { in: savedIds } } })).map((r) => [r.id.toString(), r]));
  const tiles = stored.map((t): DashboardTile => {
    const base = { i: t.i, x: t.x, y: t.y, w: t.w, h: t.h, saved: t.saved ?? null };
    if (t.saved) {
      const report = saved.get(t.saved);
      if (!report) return { ...base, kind: "", title: "A saved report that was deleted", params: {}, error: "The saved report of this tile has been deleted." };
      return { ...base, kind: report.kind, title: report.name, params: withDashboardFilters(report.params as RawParams, filters), error: null };
    }
    const title = isReportKind(t.kind!) ? REPORTS[t.kind].definition.title : t.kind!;
    return { ...base, kind: t.kind!, title, params: withDashboardFilters(t.params ?? {}, filters), error: null };
  });
  return { id: found.id.toString(), name: found.name, isDefault: found.isDefault, filters, tiles, path: `/p/${slug}/dashboards/${found.id}` };
}

type Place = { x: number; y: number; w: number; h: number };

/**
 * The highest place, then the leftmost, where a w × h tile overlaps none of the others: a gap beside the last tile
 * before a new row, so tiles added one by one fill the grid two abreast, as the tiles of a new dashboard are laid out.
 * A free place's top and left touch the grid's edge or another tile, so only those edges are tried.
 */
function firstFreePlace(tiles: readonly Place[], w: number, h: number): { x: number; y: number } {
  const overlaps = (x: number, y: number) => tiles.some((t) => x < t.x + t.w && t.x < x + w && y < t.y + t.h && t.y < y + h);
  const ys = [...new Set([0, ...tiles.map((t) => t.y + t.h)])].sort((a, b) => a - b);
  const xs = [...new Set([0, ...tiles.map((t) => t.x + t.w)])].filter((x) => x + w <= 12).sort((a, b) => a - b);
  for (const y of ys) for (const x of xs) if (!overlaps(x, y)) return { x, y };
  // The lowest edge is always free at x = 0.
  return { x: 0, y: ys[ys.length - 1]! };
}

/** Adds a saved report, or a report kind with its parameters, as a tile in the first free place (firstFreePlace). */
export async function addDashboardTile(actor: Actor, slug: string, id: string, tile: { saved: string } | { kind: string; params: RawParams }) {
  requirePermission(actor, "dashboards.edit");
  const { found } = await findDashboard(actor, slug, id);
  const tiles = found.tiles as StoredTile[];
  if (tiles.length >= 40) throw new AppError("invalid", "A dashboard holds at most 40 tiles.");
  const { x, y } = firstFreePlace(tiles, 6, 8);
  const next = `t${Math.max(0, ...tiles.map((t) => Number(t.i.slice(1)) || 0)) + 1}`;
  let added: StoredTile;
  if ("saved" in tile) {
    await getSavedReport(actor, slug, tile.saved);
    added = { i: next, saved: tile.saved, x, y, w: 6, h: 8 };
  } else added = { i: next, kind: tile.kind, params: checkReportParams(tile.kind, tile.params) as Record<string, string | string[]>, x, y, w: 6, h: 8 };
  const { prisma } = await getDb();
  await prisma.dashboard.update({ where: { id: found.id }, data: { tiles: [...tiles, added] } });
}

/** Moves and resizes tiles (the grid's layout after dragging); tiles not named keep their place. */
export async function saveDashboardLayout(actor: Actor, slug: string, id: string, layout: unknown) {
  requirePermission(actor, "dashboards.edit");
  const parsed = layoutSchema.safeParse(layout);
  if (!parsed.success) throw new AppError("invalid", "The layout could not be read.");
  const { found } = await findDashboard(actor, slug, id);
  const places = new Map(parsed.data.map((p) => [p.i, p]));
  const tiles = (found.tiles as StoredTile[]).map((t) => ({ ...t, ...(places.get(t.i) ?? {}) }));
  const { prisma } = await getDb();
  await prisma.dashboard.update({ where: { id: found.id }, data: { tiles } });
}

export async function removeDashboardTile(actor: Actor, slug: string, id: string, tileId: string) {
  requirePermission(actor, "dashboards.edit");
  const { found } = await findDashboard(actor, slug, id);
  const { prisma } = await getDb();
  await prisma.dashboard.update({ where: { id: found.id }, data: { tiles: (found.tiles as StoredTile[]).filter((t) => t.i !== tileId) } });
}

/** The dashboard-wide range and filters; each filter is checked as a report's `where` would be. */
export async function setDashboardFilters(actor: Actor, slug: string, id: string, filters: DashboardFilters) {
  requirePermission(actor, "dashboards.edit");
  const parsed = filtersSchema.parse(Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && !v.length))));
  checkReportParams("overview", { from: parsed.from, to: parsed.to, where: parsed.where });
  const { found } = await findDashboard(actor, slug, id);
  const { prisma } = await getDb();
  await prisma.dashboard.update({ where: { id: found.id }, data: { filters: parsed } });
}

/** Makes a dashboard the one the project opens on (or no longer). */
export async function setDefaultDashboard(actor: Actor, slug: string, id: string, isDefault: boolean) {
  requirePermission(actor, "dashboards.edit");
  const { project, found } = await findDashboard(actor, slug, id);
  const { prisma } = await getDb();
  await prisma.$transaction([
    prisma.dashboard.updateMany({ where: { projectId: project.id, isDefault: true }, data: { isDefault: false } }),
    prisma.dashboard.update({ where: { id: found.id }, data: { isDefault } }),
  ]);
}

export async function deleteDashboard(actor: Actor, slug: string, id: string) {
  requirePermission(actor, "dashboards.edit");
  const { found } = await findDashboard(actor, slug, id);
  const { prisma } = await getDb();
  await prisma.dashboard.delete({ where: { id: found.id } });
}
