import "server-only";
import { z } from "zod";
import { open, seal } from "@/lib/auth/secret-box";
import { IngestError } from "@/lib/ingest/ingest-error";
import { safeFetch } from "@/lib/ingest/safe-fetch";
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
  /** Sent as HTTP basic authentication, or as a bearer token; kept sealed, never shown. */
  username: z.string().max(200).optional(),
  password: z.string().max(500).optional(),
  token: z.string().max(2000).optional(),
});
export type NewSource = z.input<typeof sourceSchema> & { options: ImportOptionsInput };

/**
 * The URL without credentials, and the Authorization header to send: from the given fields, or taken out of a URL
 * written as https://user:password@host/…, so that no credential is ever stored or shown as part of the URL.
 */
function splitCredentials(input: z.output<typeof sourceSchema>): { url: string; authorization: string | null } {
  const url = new URL(input.url);
  const username = input.username ?? decodeURIComponent(url.username);
  const password = input.password ?? decodeURIComponent(url.password);
  url.username = "";
  url.password = "";
  const authorization = input.token
    ? `Bearer ${input.token}`
    : username || password
      ? `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`
      : null;
  return { url: url.toString(), authorization };
}

export async function createSource(actor: Actor, slug: string, input: NewSource) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const parsedSource = sourceSchema.parse(input);
  const { cron } = parsedSource;
  const { url, authorization } = splitCredentials(parsedSource);
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
    data: {
      projectId: project.id,
      url,
      credentials: authorization ? seal(authorization) : null,
      kind: options.kind,
      options,
      cron,
      userId: actor.userId,
      nextRunAt: nextRun(schedule, new Date(), project.timezone),
    },
  });
  await recordAudit(db, actor, "source.create", source.id.toString(), { project: slug, url, cron, credentials: authorization ? "sealed" : "none" });
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
    url: redactedUrl(s.url),
    hasCredentials: s.credentials !== null,
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

/** A URL as it may be shown: a password or user written into it (before they were kept apart) is masked. */
function redactedUrl(text: string) {
  try {
    const url = new URL(text);
    if (url.username || url.password) [url.username, url.password] = ["***", ""];
    return url.toString();
  } catch {
    return text;
  }
}

/** What a failed run says: the app's own words, never what the source sent back (an error page, a row's content). */
function runFailure(error: unknown): string {
  if (error instanceof IngestError) return `The file was refused: ${error.errors.length} problem(s) with its header or rows. Download it to see them, or upload it by hand.`;
  return publicError(error).message;
}

/** One run of one source: fetch, import, record. The same file as an earlier stored run is "unchanged". */
async function runSource(sourceId: bigint) {
  const db = await getDb();
  let source = await db.prisma.importSource.findUnique({ where: { id: sourceId }, include: { project: true } });
  if (!source) return null;
  // A source saved with credentials in its URL, before they were kept apart: they are moved out and sealed once.
  if (/^https?:\/\/[^/]*@/i.test(source.url)) {
    const { url, authorization } = splitCredentials(sourceSchema.parse({ url: source.url, cron: source.cron }));
    source = await db.prisma.importSource.update({
      where: { id: sourceId },
      data: { url, credentials: authorization ? seal(authorization) : source.credentials },
      include: { project: true },
    });
  }
  const run = await db.prisma.importRun.create({ data: { sourceId, status: "running" } });
  let status = "failed";
  let message: string | null = null;
  let uploadId: bigint | null = null;
  try {
    const actor = source.userId ? await actorForUser(source.userId) : cliActor;
    if (!actor) throw new AppError("forbidden", "The user who set up this source is disabled or gone.");
    const settings = env();
    const res = await safeFetch(source.url, {
      allowHosts: settings.JOURNEYLENS_IMPORT_ALLOW_HOSTS,
      connectTimeoutMs: 10_000,
      idleTimeoutMs: settings.JOURNEYLENS_UPLOAD_IDLE_S * 1000,
      deadlineMs: settings.JOURNEYLENS_SOURCE_TIMEOUT_MS,
      maxBytes: settings.JOURNEYLENS_UPLOAD_MAX_BYTES,
      authorization: source.credentials ? open(source.credentials) : undefined,
    });
    const result = await importUpload(actor, source.project.slug, {
      fileName: decodeURIComponent(res.url.pathname.split("/").pop() || "scheduled-import.csv"),
      stream: res.body,
      options: source.options as ImportOptionsInput,
    });
    status = "stored";
    uploadId = BigInt(result.upload);
    message = `${result.rowsStored} of ${result.rowsRead} rows stored.`;
  } catch (error) {
    status = error instanceof AppError && error.code === "conflict" ? "unchanged" : "failed";
    message = status === "unchanged" ? "The file has not changed since it was last stored." : runFailure(error);
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
