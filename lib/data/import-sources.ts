import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, publicError } from "@/lib/errors";
import { nextRun, parseCron } from "@/lib/ingest/cron";
import { importOptionsSchema, type ImportOptionsInput } from "@/lib/ingest/kinds";
import { cliActor, requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { getProject } from "./projects";
import { importUpload } from "./uploads";
import { actorForUser } from "./users";

/**
 * Scheduled imports: a CSV at an http(s) URL, a kind and mapping, and a cron schedule in the project's time zone.
 * The app's background worker runs the due ones (lib/data/scheduler.ts); each run is recorded with its result.
 */
const sourceSchema = z.object({
  url: z.string().trim().url("The source must be an http(s) URL.").refine((u) => /^https?:\/\//i.test(u), "The source must be an http(s) URL."),
  cron: z.string().trim().min(1),
});

export async function createSource(actor: Actor, slug: string, input: { url: string; cron: string; options: ImportOptionsInput }) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const { url, cron } = sourceSchema.parse(input);
  let schedule;
  try {
    schedule = parseCron(cron);
  } catch (error) {
    throw new AppError("invalid", (error as Error).message);
  }
  const parsed = importOptionsSchema.safeParse(input.options);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  // A scheduled run never forces: the same file again is recorded as unchanged.
  const options = { ...parsed.data, force: false };
  const db = await getDb();
  const source = await db.prisma.importSource.create({
    data: { projectId: project.id, url, kind: options.kind, options, cron, userId: actor.userId, nextRunAt: nextRun(schedule, new Date(), project.timezone) },
  });
  await recordAudit(db, actor, "source.create", source.id.toString(), { project: slug, url, cron });
  return { id: source.id.toString(), nextRunAt: source.nextRunAt.toISOString() };
}

export async function listSources(actor: Actor, slug: string) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const sources = await prisma.importSource.findMany({
    where: { projectId: project.id },
    include: { runs: { orderBy: { id: "desc" }, take: 10 } },
    orderBy: { id: "asc" },
  });
  return sources.map((s) => ({
    id: s.id.toString(),
    url: s.url,
    kind: s.kind,
    cron: s.cron,
    enabled: s.enabled,
    nextRunAt: s.nextRunAt.toISOString(),
    runs: s.runs.map((r) => ({
      id: r.id.toString(),
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      status: r.status,
      message: r.message,
      upload: r.uploadId?.toString() ?? null,
    })),
  }));
}

export async function removeSource(actor: Actor, slug: string, id: string) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const db = await getDb();
  const { count } = await db.prisma.importSource.deleteMany({ where: { id: /^\d+$/.test(id) ? BigInt(id) : -1n, projectId: project.id } });
  if (!count) throw new AppError("not_found", `No import source #${id} in ${slug}.`);
  await recordAudit(db, actor, "source.remove", id, { project: slug });
}


/** One run of one source: fetch, import, record. The same file as an earlier stored run is "unchanged". */
async function runSource(sourceId: bigint) {
  const db = await getDb();
  const source = await db.prisma.importSource.findUnique({ where: { id: sourceId }, include: { project: true } });
  if (!source) return null;
  const run = await db.prisma.importRun.create({ data: { sourceId, status: "running" } });
  let status = "failed";
  let message: string | null = null;
  let uploadId: bigint | null = null;
  try {
    const actor = source.userId ? await actorForUser(source.userId) : cliActor;
    if (!actor) throw new AppError("forbidden", "The user who set up this source is disabled or gone.");
    const res = await fetch(source.url, { signal: AbortSignal.timeout(env().JOURNEYLENS_SOURCE_TIMEOUT_MS), redirect: "follow" });
    if (!res.ok || !res.body) throw new AppError("invalid", `${source.url} answered HTTP ${res.status}.`);
    const result = await importUpload(actor, source.project.slug, {
      fileName: decodeURIComponent(new URL(source.url).pathname.split("/").pop() || source.url),
      stream: Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>),
      options: source.options as ImportOptionsInput,
    });
    status = "stored";
    uploadId = BigInt(result.upload);
    message = `${result.rowsStored} of ${result.rowsRead} rows stored.`;
  } catch (error) {
    const e = publicError(error);
    status = error instanceof AppError && error.code === "conflict" ? "unchanged" : "failed";
    message = status === "unchanged" ? "The file has not changed since it was last stored." : e.message;
  }
  const next = nextRun(parseCron(source.cron), new Date(), source.project.timezone);
  await db.prisma.$transaction([
    db.prisma.importRun.update({ where: { id: run.id }, data: { status, message, uploadId, finishedAt: new Date() } }),
    db.prisma.importSource.update({ where: { id: sourceId }, data: { nextRunAt: next } }),
  ]);
  return { status, message };
}

/** Runs every enabled source whose time has come, one after another; the scheduler calls this. */
export async function runDueSources(now = new Date()) {
  const { prisma } = await getDb();
  const due = await prisma.importSource.findMany({ where: { enabled: true, nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" }, take: 20 });
  const results = [];
  for (const s of due) results.push({ id: s.id.toString(), ...(await runSource(s.id)) });
  return results;
}

/** Runs one source now, whatever its schedule (an admin's "run now"). */
export async function runSourceNow(actor: Actor, slug: string, id: string) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const source = await prisma.importSource.findFirst({ where: { id: /^\d+$/.test(id) ? BigInt(id) : -1n, projectId: project.id } });
  const result = source && (await runSource(source.id));
  if (!result) throw new AppError("not_found", `No import source #${id} in ${slug}.`);
  return result;
}
