import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { AppError, publicError } from "@/lib/errors";
import { IngestError, formatRowError, type RowError } from "@/lib/ingest/ingest-error";
import { importOptionsSchema, type ImportOptions, type ImportOptionsInput, type UploadKind } from "@/lib/ingest/kinds";
import { importCsv, validateCsv, type EarlierUpload, type ImportCounts, type ImportOutcome, type ImportProgress } from "@/lib/ingest/run-import";
import { previewUpload } from "@/lib/ingest/preview";
import { idleLimited } from "@/lib/ingest/upload-guards";
import { batchRows, eventBatchSchema } from "@/lib/ingest/event-batch";
import { copyRows } from "@/lib/db/copy-rows";
import { sql } from "@/lib/db/sql";
import { withTransaction } from "@/lib/db/transaction";
import { markProjectChanged } from "@/lib/reports/data-version";
import { addActivity, firstEventsOfBatch, peopleOfBatch, rebuildActivity } from "@/lib/reports/rollups/activity-masks";
import { addSequences, rebuildSequences } from "@/lib/reports/rollups/event-sequences";
import { refreshMembers } from "@/lib/reports/rollups/campaign-members";
import { countSlots, forgetSlots } from "@/lib/reports/rollups/activity-days";
import { addPropertyKeys } from "@/lib/reports/rollups/property-keys";
import { evaluateAfterUpload } from "./alerts";
import { requirePermission, type Actor } from "./actor";
import { recordAudit } from "./audit";
import { getProject } from "./projects";
import { projectEventsTable, segmentTable } from "@/lib/ingest/event-segment";

/** What an import or a dry run found in a file: the same for the page, the API and the CLI. */
type UploadSummary = ImportCounts & {
  project: string;
  kind: string;
  fileName: string;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** The skipped rows' problems (only with skip-invalid), as sentences and as row, column, value and reason. */
  problems: string[];
  errors: RowError[];
  /** The earlier stored upload of the same file: a forced import stored it again; a dry run warns. */
  duplicateOf: EarlierUpload | null;
};

/** The result of an upload. */
export type UploadResult = UploadSummary & { upload: string; status: "stored" };

/** The result of a dry run: what an upload of the file would store; nothing was stored and no upload recorded. */
export type ValidationResult = UploadSummary & { upload: null; status: "validated" };

type UploadInput = { fileName: string; stream: AsyncIterable<Uint8Array>; options: ImportOptionsInput };

const PROGRESS_EVERY_MS = 500;

async function uploadTarget(actor: Actor, slug: string, input: ImportOptionsInput): Promise<{ project: { id: string; timezone: string }; options: ImportOptions }> {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const parsed = importOptionsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  return { project, options: parsed.data };
}

function summaryOf(slug: string, options: ImportOptions, fileName: string, outcome: ImportOutcome, started: number): UploadSummary {
  const seconds = (performance.now() - started) / 1000;
  return {
    project: slug,
    kind: options.kind,
    fileName,
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
    errors: outcome.errors,
    duplicateOf: outcome.duplicateOf,
  };
}

/**
 * Imports one CSV stream into a project. The upload's record is written outside the import's transaction, so it
 * shows progress while running and stays visible as failed, with its error report, when the import fails.
 */
export async function importUpload(actor: Actor, slug: string, input: UploadInput, onProgress: (p: ImportProgress) => void = () => {}): Promise<UploadResult> {
  const { project, options } = await uploadTarget(actor, slug, input.options);
  const db = await getDb();
  // Plain SQL, as everything an import writes: the command line's import then never loads Prisma's query engine
  // (~60 MB of its peak RSS; recordAudit, and the alert rules looked up after it, likewise).
  const mapping = { map: options.map, set: options.set, separator: options.separator, skipInvalid: options.skipInvalid, dateOrder: options.dateOrder };
  const { rows } = await db.pool.query<{ id: string }>(
    "insert into uploads (project_id, user_id, file_name, kind, status, mapping) values ($1, $2, $3, $4, 'running', $5::jsonb) returning id::text",
    [project.id, actor.userId, input.fileName, options.kind, JSON.stringify(mapping)],
  );
  const uploadId = rows[0]!.id;
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
    const outcome = await importCsv(db, { projectId: project.id, timezone: project.timezone, uploadId }, idleLimited(input.stream), options, progress);
    await refreshStatistics(db, project.id, options.kind, outcome.rowsStored);
    await recordAudit(db, actor, "upload.create", uploadId, { project: slug, kind: options.kind, rows: outcome.rowsStored });
    evaluateAfterUpload(project.id);
    return { upload: uploadId, status: "stored", ...summaryOf(slug, options, input.fileName, outcome, started) };
  } catch (error) {
    const report =
      error instanceof IngestError
        ? { message: error.message, errors: error.errors.map(formatRowError) }
        : { message: publicError(error).message, errors: [] };
    await db.pool.query("update uploads set status = 'failed', finished_at = now(), error_report = $2 where id = $1", [uploadId, JSON.stringify(report)]);
    throw error;
  }
}

/**
 * Checks a whole file as an upload would — every row, the moves, the counts — and stores nothing: no data, no
 * upload record, no audit entry. A validation is not an upload. It fails as the upload would (invalid rows, a
 * mapping that does not fit), except that a file stored before is reported in `duplicateOf` rather than refused.
 */
export async function validateUpload(actor: Actor, slug: string, input: UploadInput, onProgress: (p: ImportProgress) => void = () => {}): Promise<ValidationResult> {
  const { project, options } = await uploadTarget(actor, slug, input.options);
  const db = await getDb();
  const started = performance.now();
  const outcome = await validateCsv(db, { projectId: project.id, timezone: project.timezone }, idleLimited(input.stream), options, onProgress);
  return { upload: null, status: "validated", ...summaryOf(slug, options, input.fileName, outcome, started) };
}

// After an upload the planner's statistics are stale until autovacuum's next round (a minute or more, or never where
// autovacuum is off), and the first report would be planned for the old row counts: a journeys report on 72k page
// views planned for a partition analyzed while still empty took 23–67 s, and 0.6 s once analyzed. So each table the
// upload wrote, and each partition of the project's events, is sampled now when autovacuum would analyze it: when the
// rows stored, or the rows its pages now hold at the density its statistics know, exceed what those say by 50 + 10%
// (autovacuum_analyze_threshold and _scale_factor as shipped); or when it has rows and no column statistics at all (a
// large upload's own segment, whose row count the index builds set: journeys on 713k page views ran over 4 minutes).
// The check reads only the catalog and file sizes; a small upload into a large project costs nothing.

/** The tables each kind of upload writes (lib/ingest/move-rows.ts); for events, the project's own, not every project's. */
function tablesWritten(projectId: string, kind: UploadKind): string[] {
  switch (kind) {
    case "events":
    case "journeys":
      // Analyzing the partitioned table samples each partition and the whole, which the planner reads for joins above them.
      return [projectEventsTable(projectId), "people", "activity_masks", "activity_people", "event_sequences", "activity_days", "activity_spans", "event_slots"];
    case "people":
      return ["people"];
    case "campaign-sends":
      return ["campaign_sends", "campaign_members", "people"];
    case "spend":
      return ["spend"];
  }
}

async function refreshStatistics(db: Db, projectId: string, kind: UploadKind, rowsStored: number) {
  if (!rowsStored) return;
  const { rows } = await db.pool.query<{ name: string }>(
    `select t.name from unnest($1::text[]) as t(name)
     where exists (
       select 1 from pg_class c
       cross join lateral (select pg_relation_size(c.oid) / current_setting('block_size')::int as pages) now
       where c.relkind = 'r' and (c.oid = t.name::regclass or c.oid in (select relid from pg_partition_tree(t.name::regclass)))
         and now.pages > 0
         and (c.relpages = 0 or c.reltuples < 0
           or greatest($2::float8, (now.pages - c.relpages) * (c.reltuples / c.relpages)) >= 50 + 0.1 * c.reltuples
           or not exists (select 1 from pg_stats st where st.schemaname = c.relnamespace::regnamespace::text and st.tablename = c.relname)))`,
    [tablesWritten(projectId, kind), rowsStored],
  );
  // The tables besides the events are also vacuumed: freshly written rows carry no hint bits and no page is marked
  // all-visible, so the first report to read a rollup after a large upload checked every row's transaction and wrote
  // every page back (the 10M funnel's first run 1.9 s, against 1.3 s after). Vacuum skips the pages already
  // all-visible, so it costs what the upload wrote. The events, read by reports only with event filters, are analyzed alone.
  const events = projectEventsTable(projectId);
  const tables = rows.map((t) => t.name);
  const vacuumed = tables.filter((t) => t !== events);
  if (vacuumed.length) await db.pool.query(`vacuum (analyze) ${vacuumed.join(", ")}`);
  if (tables.includes(events)) await db.pool.query(`analyze ${events}`);
}

/** The start of a file, checked and described for the upload page. */
export async function previewUploadFor(actor: Actor, slug: string, sample: Buffer, final: boolean, options: ImportOptionsInput) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  return previewUpload(sample, final, options, project.timezone);
}

export type UploadRecord = {
  id: string;
  kind: string;
  fileName: string;
  status: string;
  by: string;
  createdAt: string;
  seconds: number | null;
  counts: Record<string, unknown>;
  progress: { bytes?: number; rows?: number };
  mapping: unknown;
  errorReport: { message: string; errors: string[] } | null;
};

/** The project's upload history, newest first. */
export async function listUploads(actor: Actor, slug: string): Promise<UploadRecord[]> {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const { prisma } = await getDb();
  const uploads = await prisma.upload.findMany({
    where: { projectId: project.id },
    include: { user: { select: { email: true } } },
    orderBy: { id: "desc" },
    take: 200,
  });
  return uploads.map((u) => ({
    id: u.id.toString(),
    kind: u.kind,
    fileName: u.fileName,
    status: u.status,
    by: u.user?.email ?? "command line",
    createdAt: u.createdAt.toISOString(),
    seconds: u.finishedAt ? (u.finishedAt.getTime() - u.createdAt.getTime()) / 1000 : null,
    counts: u.counts as Record<string, unknown>,
    progress: u.progress as UploadRecord["progress"],
    mapping: u.mapping,
    errorReport: u.errorReport as UploadRecord["errorReport"],
  }));
}

export async function getUpload(actor: Actor, slug: string, id: string): Promise<UploadRecord> {
  const found = (await listUploads(actor, slug)).find((u) => u.id === id);
  if (!found) throw new AppError("not_found", `No upload #${id} in ${slug}.`);
  return found;
}

/**
 * Removes exactly the rows an upload brought, and the people it created that no other upload's rows refer to, in
 * one transaction. People it only updated keep their current attributes.
 */
export async function deleteUpload(actor: Actor, slug: string, id: string) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  if (!/^\d{1,18}$/.test(id) || !/[1-9]/.test(id)) throw new AppError("not_found", `No upload #${id} in ${slug}.`);
  id = String(BigInt(id));
  const db = await getDb();
  const counts = await withTransaction(db.pool, {}, async (client) => {
    // Removals in one project take turns: two that both read the project's events and then both wait to drop a
    // segment of it would deadlock.
    await client.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", [`remove:${project.id}`]);
    const { rows } = await client.query("select status from uploads where id = $1 and project_id = $2 for update", [id, project.id]);
    if (!rows[0]) throw new AppError("not_found", `No upload #${id} in ${slug}.`);
    if (rows[0].status === "running") throw new AppError("conflict", "This upload is still running.");
    // A large upload's events are a table of their own (event-segment.ts), read here directly (not through the
    // project's table, whose lock would have to be raised to drop it), then dropped rather than deleted row by row.
    // Dropping locks the project's events until this commits, so reports on the project wait for the removal.
    const segment = segmentTable(project.id, id);
    const { rows: kept } = await client.query("select to_regclass($1) is not null as found", [segment]);
    const source = kept[0].found ? client.escapeIdentifier(segment) : "events";
    // The people whose events go: their activity rollup rows are rebuilt from what remains.
    await client.query(
      `create temp table affected_people on commit drop as select distinct person_id from ${source} where project_id = $1 and upload_id = $2`,
      [project.id, id],
    );
    // The campaign members whose sends go: recounted from the sends that remain.
    await client.query(
      "create temp table affected_members on commit drop as select distinct person_id, campaign_id from campaign_sends where project_id = $1 and upload_id = $2",
      [project.id, id],
    );
    const removed: Record<string, number> = {};
    if (kept[0].found) {
      const { rows: count } = await client.query(`select count(*)::int as n from ${source}`);
      await client.query(`drop table ${source}`);
      removed.events = count[0].n;
    }
    for (const table of ["events", "campaign_sends", "spend"] as const) {
      const r = await client.query(`delete from ${table} where project_id = $1 and upload_id = $2`, [project.id, id]);
      removed[table] = (removed[table] ?? 0) + (r.rowCount ?? 0);
    }
    const people = await client.query(
      `delete from people p where p.project_id = $1 and p.upload_id = $2
         and not exists (select 1 from events e where e.project_id = p.project_id and e.person_id = p.person_id)
         and not exists (select 1 from campaign_sends c where c.project_id = p.project_id and c.person_id = p.person_id)`,
      [project.id, id],
    );
    removed.people = people.rowCount ?? 0;
    await forgetSlots(client, project.id, id);
    await rebuildActivity(client, project, sql`select person_id from affected_people`);
    await rebuildSequences(client, project.id, sql`select person_id from affected_people`);
    await refreshMembers(client, project.id, sql`select person_id, campaign_id from affected_members`);
    await client.query("delete from uploads where id = $1", [id]);
    await markProjectChanged(client, project.id);
    return removed;
  });
  await recordAudit(db, actor, "upload.delete", id, { project: slug, ...counts });
  return counts;
}

/**
 * Events pushed as JSON by another system: validated whole (any bad event refuses the batch, naming its index),
 * then stored in one transaction as an upload of its own, so a batch can be found and removed like a file.
 */
export async function ingestEventBatch(actor: Actor, slug: string, body: unknown) {
  requirePermission(actor, "uploads.create");
  const project = await getProject(actor, slug);
  const parsed = eventBatchSchema.safeParse(body);
  if (!parsed.success)
    throw new AppError("invalid", parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".").replace(/\.(\d+)/g, "[$1]") + ": " : ""}${i.message}`).join(" "));
  const { rows, problems } = batchRows(parsed.data, project.timezone);
  if (problems.length) throw new AppError("invalid", problems.join(" "));
  const db = await getDb();
  const stored = await withTransaction(db.pool, {}, async (client) => {
    const { rows: created } = await client.query(
      "insert into uploads (project_id, user_id, file_name, kind, status, counts, finished_at) values ($1, $2, 'api batch', 'api:events', 'stored', $3, now()) returning id",
      [project.id, actor.userId, JSON.stringify({ rowsRead: rows.length, rowsStored: rows.length, skipped: {} })],
    );
    const uploadId = String(created[0].id);
    const people = await client.query(
      `insert into people as p (project_id, person_id, first_seen, upload_id)
       select $1, person, min(at), $2 from unnest($3::text[], $4::timestamptz[]) as t(person, at) group by person
       on conflict (project_id, person_id) do update set first_seen = excluded.first_seen where p.first_seen is null or excluded.first_seen < p.first_seen
       returning (xmax = 0) as created`,
      [project.id, uploadId, rows.map((r) => r.person), rows.map((r) => r.at)],
    );
    await copyRows(
      client,
      "events",
      ["project_id", "person_id", "name", "occurred_at", "session_id", "position", "properties", "revenue", "upload_id"],
      rows.map((r, i) => [project.id, r.person, r.name, r.at, r.session, i + 1, r.properties, r.revenue, uploadId]),
    );
    await addActivity(client, project, sql`select person_id, occurred_at from events where project_id = ${project.id}::uuid and upload_id = ${uploadId}::bigint`);
    await countSlots(client, project.id, uploadId, sql`select occurred_at from events where project_id = ${project.id}::uuid and upload_id = ${uploadId}::bigint`);
    await addSequences(client, project.id, peopleOfBatch, { added: firstEventsOfBatch });
    await addPropertyKeys(client, project.id, "event", rows.flatMap((r) => Object.keys(r.properties)));
    await markProjectChanged(client, project.id);
    return { upload: uploadId, events: rows.length, peopleCreated: people.rows.filter((r) => r.created).length };
  });
  await refreshStatistics(db, project.id, "events", stored.events);
  evaluateAfterUpload(project.id);
  return stored;
}
