import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError, publicError } from "@/lib/errors";
import { IngestError, formatRowError } from "@/lib/ingest/ingest-error";
import { importOptionsSchema, type ImportOptionsInput } from "@/lib/ingest/kinds";
import { importCsv, type ImportProgress } from "@/lib/ingest/run-import";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { getProject } from "./projects";

/** The result of an upload, the same object for the page, the API and the CLI. */
export type UploadResult = {
  upload: string;
  project: string;
  kind: string;
  fileName: string;
  status: "stored";
  rowsRead: number;
  rowsStored: number;
  skipped: Record<string, number>;
  events: number;
  peopleCreated: number;
  peopleUpdated: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  problems: string[];
};

const PROGRESS_EVERY_MS = 500;

/**
 * Imports one CSV stream into a project. The upload's record is written outside the import's transaction, so it
 * shows progress while running and stays visible as failed, with its error report, when the import fails.
 */
export async function importUpload(
  actor: Actor,
  slug: string,
  input: { fileName: string; stream: AsyncIterable<Uint8Array>; options: ImportOptionsInput },
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<UploadResult> {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const parsed = importOptionsSchema.safeParse(input.options);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const options = parsed.data;
  const db = await getDb();
  const upload = await db.prisma.upload.create({
    data: {
      projectId: project.id,
      userId: actor.userId,
      fileName: input.fileName,
      kind: options.kind,
      status: "running",
      mapping: { map: options.map, set: options.set, separator: options.separator, skipInvalid: options.skipInvalid, dateOrder: options.dateOrder },
    },
  });
  const uploadId = upload.id.toString();
  const started = performance.now();
  let lastWrite = 0;
  const progress = (p: ImportProgress) => {
    onProgress(p);
    const now = performance.now();
    if (now - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = now;
    void db.pool.query("update uploads set progress = $2 where id = $1 and status = 'running'", [uploadId, JSON.stringify(p)]).catch(() => {});
  };
  try {
    const outcome = await importCsv(db, { projectId: project.id, timezone: project.timezone, uploadId }, input.stream, options, progress);
    const seconds = (performance.now() - started) / 1000;
    await recordAudit(db, actor, "upload.create", uploadId, { project: slug, kind: options.kind, rows: outcome.rowsStored });
    return {
      upload: uploadId,
      project: slug,
      kind: options.kind,
      fileName: input.fileName,
      status: "stored",
      rowsRead: outcome.rowsRead,
      rowsStored: outcome.rowsStored,
      skipped: outcome.skipped,
      events: outcome.events,
      peopleCreated: outcome.peopleCreated,
      peopleUpdated: outcome.peopleUpdated,
      bytes: outcome.bytes,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(outcome.rowsRead / Math.max(seconds, 0.001)),
      problems: outcome.errors.map(formatRowError),
    };
  } catch (error) {
    const report =
      error instanceof IngestError
        ? { message: error.message, errors: error.errors.map(formatRowError) }
        : { message: publicError(error).message, errors: [] };
    await db.pool.query("update uploads set status = 'failed', finished_at = now(), error_report = $2 where id = $1", [uploadId, JSON.stringify(report)]);
    throw error;
  }
}
