import "server-only";
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import { copyText } from "@/lib/db/copy-rows";
import { withTransaction } from "@/lib/db/transaction";
import { markProjectChanged } from "@/lib/reports/data-version";
import { lockRunningUpload } from "./upload-guards";
import { AppError } from "@/lib/errors";
import { sniffCsv } from "./csv-sniff";
import { readCsvBatches } from "./csv-tokenizer";
import { IngestError, fileError, type RowError } from "./ingest-error";
import { describeBytes, ingestLimits, type IngestLimits } from "./limits";
import { resolveMapping, type ImportOptions, type UploadKind } from "./kinds";
import { moveCampaignSends, moveEvents, moveJourneys, movePeople, moveSpend, type MoveCounts, type MoveContext } from "./move-rows";
import { stageBatches, stagePlan, type StageReport } from "./stage-rows";
import { createEventLoad, type EventLoad } from "./event-segment";
import { phaseTimer } from "@/lib/phase-timer";
import { slashedOrder, timeParser } from "./time-parse";

/**
 * One upload, all or nothing: the file is streamed once — sniffed, tokenized, validated row by row and COPYed into
 * a temporary staging table — then moved into the project's tables with set-based SQL, all in one transaction. An
 * events file skips the staging table: its rows are COPYed into the upload's own events table (event-segment.ts).
 * A crash, a kill or a lost connection before COMMIT leaves the project as it was. A dry run (`validateCsv`) takes
 * the very same path and rolls back at the end, so its counts are the ones an import would report.
 */
export type ImportProgress = { bytes: number; rows: number };
export type ImportCounts = {
  rowsRead: number;
  rowsStored: number;
  skipped: Record<string, number>;
  events: number;
  peopleCreated: number;
  peopleUpdated: number;
};
export type ImportOutcome = ImportCounts & {
  contentHash: string;
  bytes: number;
  delimiter: string;
  header: string[];
  /** Skipped rows' problems, at most MAX_REPORTED (only with skipInvalid). */
  errors: RowError[];
  /** The earlier stored upload of the same file (a forced import or a dry run goes on past it), or null. */
  duplicateOf: EarlierUpload | null;
};
export type EarlierUpload = { upload: string; storedAt: string };
export type ImportTarget = { projectId: string; timezone: string; uploadId: string };

const SAMPLE_BYTES = 64 * 1024;
const MOVES = { people: movePeople, "campaign-sends": moveCampaignSends, spend: moveSpend };
const MAX_REPORTED = 100;
const PIECE_BYTES = 64 * 1024;
/**
 * The upload id a dry run stages and moves rows under. No uploads row has it (ids start at 1), and nothing refers
 * to uploads by a foreign key, so a validation needs no upload record: it leaves no history, and its rows go with
 * the rollback.
 */
const DRY_RUN_UPLOAD_ID = "0";

/** Reads chunks until the sample is large enough, then replays them followed by the rest of the stream. */
async function peek(source: AsyncIterable<Uint8Array>) {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SAMPLE_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.from(next.value);
    head.push(chunk);
    size += chunk.length;
  }
  async function* replay() {
    yield* head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value);
  }
  return { sample: Buffer.concat(head), final: done, stream: replay() };
}

/** Hashes and counts the bytes as they pass, refusing a file over the size limit as soon as it is exceeded. */
async function* measured(source: AsyncIterable<Buffer>, hash: crypto.Hash, limits: IngestLimits, counter: { bytes: number }) {
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    if (counter.bytes > limits.maxBytes)
      throw new IngestError(fileError(`The file is larger than ${describeBytes(limits.maxBytes)}, the upload limit`));
    hash.update(chunk);
    // Handed on in small pieces: the rows, strings and staging text made from one piece are then garbage before the
    // next young-generation collection, instead of surviving the COPY's drain wait and piling up in the old space.
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) yield chunk.subarray(at, at + PIECE_BYTES);
  }
}

/** Imports a file into the project as the upload `target.uploadId`, and marks that upload stored. */
export function importCsv(
  db: Db,
  target: ImportTarget,
  source: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportOutcome> {
  return runImport(db, target, source, options, onProgress, false);
}

/**
 * A dry run: every row read and checked, the moves run, the counts taken, then ROLLBACK. It throws what the import
 * would throw (invalid rows, no row to store) except for a duplicate file, which it reports in `duplicateOf`.
 */
export function validateCsv(
  db: Db,
  target: Omit<ImportTarget, "uploadId">,
  source: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportOutcome> {
  return runImport(db, { ...target, uploadId: DRY_RUN_UPLOAD_ID }, source, options, onProgress, true);
}

async function runImport(
  db: Db,
  target: ImportTarget,
  source: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  onProgress: (p: ImportProgress) => void,
  dryRun: boolean,
): Promise<ImportOutcome> {
  const limits = ingestLimits();
  const { sample, final, stream } = await peek(source);
  const sniff = sniffCsv(sample, { limits, final });
  const { mapping, problems } = resolveMapping(options, sniff.header);
  if (problems.length) throw new IngestError(problems.map(fileError));

  const timeIndex = mapping.columns.time ?? mapping.columns.signup ?? mapping.columns.sent ?? mapping.columns.date;
  const order = options.dateOrder !== "auto" ? options.dateOrder : slashedOrder(timeIndex === undefined ? [] : sniff.previewRows.map((r) => r[timeIndex] ?? ""));
  const parseTime = timeParser(target.timezone, order !== "month_first");

  const plan = stagePlan(options, mapping, sniff.delimiter);
  const report: StageReport = { rowsRead: 0, rowsStaged: 0, skipped: {}, errors: [] };
  const hash = crypto.createHash("sha256");
  const counter = { bytes: 0 };
  const batches = readCsvBatches(measured(stream, hash, limits, counter), {
    delimiter: sniff.delimiter,
    limits,
    header: sniff.header,
    expectedColumns: sniff.header.length,
    onBytes: () => onProgress({ bytes: counter.bytes, rows: report.rowsRead }),
  });

  const phase = phaseTimer();
  // The moves sort and group the whole staging table; the default 4 MB work_mem spills that to temporary files.
  const outcome = await withTransaction(db.pool, { workMem: "64MB", rollback: dryRun }, async (client) => {
    // While this transaction lives, a restarted server knows this upload is running (upload-guards.ts).
    if (!dryRun) await lockRunningUpload(client, target.uploadId);
    const rows = stageBatches(batches, options, mapping, sniff.header, plan, parseTime, report, MAX_REPORTED, options.kind === "events" ? "events" : "stage");
    let load: EventLoad | null = null;
    if (options.kind === "events") {
      load = await createEventLoad(client, target, dryRun);
      await copyText(client, load.copy, rows);
    } else {
      const columns = plan.columns.map((c) => `${c.name} ${c.type}`).join(", ");
      await client.query(`create temp table upload_stage (${columns}) on commit drop`);
      await copyText(client, `copy upload_stage (${plan.columns.map((c) => c.name).join(", ")}) from stdin with (format csv)`, rows);
    }
    phase("stream and COPY");
    if (report.errors.length && !options.skipInvalid) throw new IngestError(report.errors);
    if (report.rowsStaged === 0) throw new IngestError(fileError(`None of the ${report.rowsRead} rows can be stored`));
    const contentHash = hash.digest("hex");
    const duplicateOf = await earlierUpload(client, target, contentHash, !dryRun);
    if (duplicateOf && !options.force && !dryRun) throw duplicateError(duplicateOf);
    phase("duplicate check");
    const ctx: MoveContext = { projectId: target.projectId, timezone: target.timezone, uploadId: target.uploadId, options, mapping, plan };
    const moved: MoveCounts = load
      ? await moveEvents(client, ctx, load, report.rowsStaged)
      : options.kind === "journeys"
        ? await moveJourneys(client, ctx, await createEventLoad(client, target, dryRun))
        : await MOVES[options.kind as Exclude<UploadKind, "events" | "journeys">](client, ctx);
    await markProjectChanged(client, target.projectId);
    phase("move");
    const result: ImportOutcome = {
      rowsRead: report.rowsRead,
      rowsStored: report.rowsStaged,
      skipped: report.skipped,
      ...moved,
      contentHash,
      bytes: counter.bytes,
      delimiter: sniff.delimiter,
      header: sniff.header,
      errors: report.errors,
      duplicateOf,
    };
    // Marked stored inside the transaction, so a concurrent upload of the same file sees it once this commits.
    if (!dryRun)
      await client.query(
        "update uploads set status = 'stored', content_hash = $2, counts = $3, finished_at = now(), progress = $4 where id = $1",
        [target.uploadId, contentHash, JSON.stringify(countsOf(result)), JSON.stringify({ bytes: counter.bytes, rows: report.rowsRead })],
      );
    return result;
  });
  phase(dryRun ? "rollback" : "commit");
  onProgress({ bytes: counter.bytes, rows: report.rowsRead });
  return outcome;
}

export function countsOf(o: ImportCounts): ImportCounts {
  return {
    rowsRead: o.rowsRead,
    rowsStored: o.rowsStored,
    skipped: o.skipped,
    events: o.events,
    peopleCreated: o.peopleCreated,
    peopleUpdated: o.peopleUpdated,
  };
}

/**
 * The earlier stored upload of the same file in this project, if any; the import refuses the file unless forced.
 * With `lock`, two concurrent uploads of one file take turns here (an advisory lock held to the end of the
 * transaction), so the second sees the first once it commits; a dry run stores nothing and need not wait. Failed or
 * interrupted uploads never count, as they stored nothing.
 */
async function earlierUpload(client: import("pg").PoolClient, target: ImportTarget, contentHash: string, lock: boolean): Promise<EarlierUpload | null> {
  if (lock) await client.query("select pg_advisory_xact_lock(hashtextextended($1, 0))", [`${target.projectId}:${contentHash}`]);
  const { rows } = await client.query(
    "select id, finished_at from uploads where project_id = $1 and content_hash = $2 and status = 'stored' and id <> $3 order by id limit 1",
    [target.projectId, contentHash, target.uploadId],
  );
  const earlier = rows[0];
  return earlier ? { upload: String(earlier.id), storedAt: new Date(earlier.finished_at).toISOString() } : null;
}

export function duplicateError(earlier: EarlierUpload) {
  return new AppError(
    "conflict",
    `This file was already stored in this project (upload #${earlier.upload}, ${earlier.storedAt.slice(0, 16).replace("T", " ")} UTC). Upload it with force to store it again.`,
  );
}
