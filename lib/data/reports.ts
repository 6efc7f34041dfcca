import "server-only";
import { z } from "zod";
import type { Pool } from "pg";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { REPORTS, isReportKind, type ReportKind, type ReportResults } from "@/lib/reports/registry";
import { cacheKey, cached } from "@/lib/reports/result-cache";
import { dataVersion } from "@/lib/reports/data-version";
import { dataSpan, defaultAsOf, type DataSpan } from "@/lib/reports/data-end";
import { SHARED_VIEW_PARAMETERS, dayRangeProblem, describeParamError, single, unknownParameter, type RawParams } from "@/lib/reports/params";
import { eventNameWarnings, readPropertyNames, readVocabulary } from "@/lib/reports/rollups/property-keys";
import { unknownProperty, type Vocabulary } from "@/lib/reports/vocabulary";
import type { AsOfSource, DrilldownDefinition, DrilldownPage, ReportDefinition, ReportOutput, ReportTable, ReportUnavailable } from "@/lib/reports/definition";
import { ReportTimeout, type ReportContext } from "@/lib/reports/run-query";
import { env } from "@/lib/env";
import { toCsv } from "@/lib/reports/csv";
import { formatDay } from "@/lib/format";
import type { DrilldownRows, Paging } from "@/lib/reports/server-report";
import { can, requirePermission, scopedParams, type Actor } from "./actor";
import { getProject, type ProjectInfo } from "./projects";

/* eslint-disable @typescript-eslint/no-explicit-any -- the registry's entries differ in their parameter, result and
   drill-down types; this layer handles them alike, and each report's own types are checked where it is declared. */
type AnyReport = {
  definition: ReportDefinition<any, any, Record<string, DrilldownDefinition<any, any, any>>>;
  run: (ctx: ReportContext, params: any) => Promise<unknown>;
  drilldowns: Record<string, (ctx: ReportContext, params: any, drill: any, paging: Paging) => Promise<DrilldownRows<unknown>>>;
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The report of a kind, or 404 naming the kinds there are. */
function reportOf(kind: string): AnyReport {
  if (!isReportKind(kind)) throw new AppError("not_found", `No report kind "${kind}". Known kinds: ${Object.keys(REPORTS).join(", ")}.`);
  return REPORTS[kind];
}

/** The drill-down of a report, or 404 naming those there are. */
function drilldownOf(kind: string, name: string) {
  const drilldowns = reportOf(kind).definition.drilldowns;
  if (!Object.hasOwn(drilldowns, name))
    throw new AppError("not_found", `The ${kind} report has no drill-down "${name}". Its drill-downs: ${Object.keys(drilldowns).join(", ") || "none"}.`);
  return drilldowns[name]!;
}

/** Strict parameters: 400 naming a parameter that is none of the valid ones. */
function refuseUnknown(raw: RawParams, valid: readonly string[]) {
  const unknown = unknownParameter(raw, valid);
  if (unknown) throw new AppError("invalid", unknown);
}

/** Parameters parsed by their schema: 400 naming the parameter of a bad value, or both ends of an impossible range. */
function parse<T>(schema: z.ZodType<T, unknown>, raw: RawParams): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", describeParamError(parsed.error));
  const range = dayRangeProblem(raw);
  if (range) throw new AppError("invalid", range);
  return parsed.data;
}

/** The names a report's page may keep in its URL for the view alone: its own, and those every page has. */
const viewParametersOf = (definition: { viewParameters: readonly string[] }) => [...definition.viewParameters, ...SHARED_VIEW_PARAMETERS];

const pick = (raw: RawParams, names: readonly string[]) => Object.fromEntries(names.filter((n) => raw[n] !== undefined).map((n) => [n, raw[n]]));
/** The parameters given a value: an empty one is none. */
const withoutEmpty = (raw: RawParams): RawParams => Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ""));

/** When a report runs: `now` is the clock when as_of is not given; `signal` is aborted when the client has gone. */
export type RunOptions = { now?: Date; signal?: AbortSignal };

type Prepared<P> = {
  project: ProjectInfo;
  params: P;
  canonical: RawParams;
  run: <T>(work: (ctx: ReportContext) => Promise<T>) => Promise<T>;
  version: string;
  /** The as_of the run reads at, given or defaulted (none: now), where it came from, and what the data covers. */
  readAt: string | undefined;
  asOfSource: AsOfSource;
  span: DataSpan;
};

/** A project's stored defaults of a kind (report-defaults.ts), limited to the names its definition allows today. */
export async function readReportDefaults(pool: Pool, projectId: string, kind: string): Promise<RawParams> {
  const names = reportOf(kind).definition.projectDefaults ?? [];
  if (!names.length) return {};
  const { rows } = await pool.query<{ params: RawParams }>("select params from report_defaults where project_id = $1 and kind = $2", [projectId, kind]);
  return pick(rows[0]?.params ?? {}, names);
}

/** The steps every report and drill-down takes: permission, project, parameters, and the data version for the cache. */
async function prepare<P>(
  actor: Actor,
  slug: string,
  kind: string,
  definition: ReportDefinition<P, unknown>,
  given: RawParams,
  extra: readonly string[],
  { now, signal }: RunOptions & { now: Date },
): Promise<Prepared<P>> {
  requirePermission(actor, "reports.read");
  const project = await getProject(actor, slug);
  const db = await getDb();
  // The project's own defaults go under what the view gives; the canonical parameters then name them, so the cache
  // and every link say which were used.
  const raw = { ...(await readReportDefaults(db.pool, project.id, kind)), ...withoutEmpty(scopedParams(actor, kind, given, extra)) };
  refuseUnknown(raw, [...definition.parameters, ...extra]);
  // The version the cache is keyed on is read where the statements read (the replica, when there is one), so that a
  // replica a moment behind never stores its older numbers under the primary's newer version.
  const version = await dataVersion(db.reads, project.id);
  const span = await dataSpan(db.reads, project, version);
  // Without as_of, data that ends before now is read as of the end of its last event day, so that an export that
  // ended years ago opens on its own last months rather than on empty ones. The run reads that day as if it had been
  // given; the canonical parameters leave it out, so that links and saved views keep following the data.
  const defaulted = raw.as_of === undefined && definition.parameters.includes("as_of") ? defaultAsOf(span, now) : undefined;
  const params = parse(definition.schema, pick(defaulted ? { ...raw, as_of: defaulted } : raw, definition.parameters));
  const canonical = definition.toRaw(params);
  if (defaulted) delete canonical.as_of;
  const readAt = defaulted ?? (canonical.as_of as string | undefined);
  const asOfSource: AsOfSource = defaulted ? "data_end" : readAt ? "given" : "now";
  const run = async <T>(work: (ctx: ReportContext) => Promise<T>): Promise<T> => {
    // Names the parameters use must be the project's own: checked on a cache miss only, as a hit was checked on the same data.
    const references = definition.references(params);
    if (references.length) {
      const problem = unknownProperty(references, await readPropertyNames(db.reads, project.id));
      if (problem) throw new AppError("invalid", problem);
    }
    try {
      return await work({ db, project, now, signal, log: [] });
    } catch (error) {
      if (!(error instanceof ReportTimeout)) throw error;
      const seconds = env().JOURNEYLENS_REPORT_TIMEOUT_MS / 1000;
      throw new AppError("too_costly", `The ${definition.title} report ran longer than ${seconds} s and was stopped (JOURNEYLENS_REPORT_TIMEOUT_MS). ${definition.narrowing}`);
    }
  };
  return { project, params, canonical, run, version, readAt, asOfSource, span };
}

/**
 * Checks a report kind and its URL parameters as a run would (strict names, valid values), without running it: for a
 * view about to be saved. Returns the parameters given, view parameters included, without empty ones.
 */
export function checkReportParams(kind: string, raw: RawParams): RawParams {
  const { definition } = reportOf(kind);
  refuseUnknown(raw, [...definition.parameters, ...viewParametersOf(definition)]);
  parse(definition.schema, pick(raw, definition.parameters));
  return withoutEmpty(raw);
}

/**
 * Runs a report for the page, the API and the CLI alike: the same parameters give the same numbers everywhere.
 * `now` is the clock used when as_of is not given.
 */
export async function runReport<K extends ReportKind>(
  actor: Actor,
  slug: string,
  kind: K | string,
  raw: RawParams,
  options: RunOptions = {},
): Promise<ReportOutput<ReportResults[K]>> {
  const report = reportOf(kind);
  const { definition } = report;
  const now = options.now ?? new Date();
  const prepared = await prepare(actor, slug, kind, definition, raw, viewParametersOf(definition), { ...options, now });
  const { project, params, canonical, run, version, readAt, asOfSource, span } = prepared;
  const key = cacheKey({ projectId: project.id, dataVersion: version, kind, params: canonical, asOf: readAt, now });
  const { value, hit } = await cached(key, () => run(async (ctx) => {
    const [result, warnings] = await Promise.all([report.run(ctx, params), eventNameWarnings(ctx.db.reads, project.id, definition.events?.(params) ?? [])]);
    return {
      kind,
      project: project.slug,
      params: canonical,
      definition: [...definition.describe(params, project), ...asOfWords(asOfSource, span, project.timezone)],
      result,
      queries: ctx.log,
      warnings,
      computedAt: new Date().toISOString(),
      // Every result carries the as_of it was read at (the view registry's types require it).
      asOf: (result as { asOf: string }).asOf,
      asOfSource,
      dataEnd: span.end?.day ?? null,
      unavailable: unavailable(definition, span),
    };
  }));
  // The registry maps each kind to its report, so the result is that kind's. The SQL only for those who may read it.
  return { ...value, queries: can(actor, "sql.read") ? value.queries : [], cached: hit } as ReportOutput<ReportResults[K]>;
}

/** The default as_of in words, for "How it is computed": said whenever as_of was not given. */
function asOfWords(source: AsOfSource, span: DataSpan, timezone: string): string[] {
  const rule = "Without as_of a report reads the data up to now, or up to the end of the project's last day with a timed event when that day is over.";
  if (source === "given") return [];
  if (source === "now") return [`No as_of was given: the numbers are read as of now. ${rule}`];
  const end = `the data ends on ${formatDay(span.end!.day)} (the last day with a timed event, in ${timezone})`;
  return [`No as_of was given, and ${end}: the numbers are read as of the end of that day. ${rule} Give as_of to read another moment.`];
}

/** Why a report that needs timed events cannot be computed on a project whose events all lack a timestamp. */
function unavailable(definition: ReportDefinition<unknown, unknown>, span: DataSpan): ReportUnavailable | null {
  if (!definition.timedEvents || !span.untimedOnly) return null;
  const { instead } = definition.timedEvents;
  const insteadTitle = reportOf(instead).definition.title;
  const title = definition.title.toLowerCase();
  return {
    reason: `These events have no timestamps; ${title} needs timed events`,
    remedy: `Upload events with a time column to compute ${title}; ${insteadTitle} follows these events in their order.`,
    instead,
    insteadTitle,
  };
}

const pagingSchema = z.object({
  page: z.preprocess(single, z.coerce.number().int().min(1, "page is at least 1.").default(1)),
  page_size: z.preprocess(single, z.coerce.number().int().min(1, "page_size is at least 1.").max(500, "page_size is at most 500.").default(50)),
});
/** Rows a CSV export of a drill-down holds at most. */
const CSV_ROWS = 100_000;

/**
 * The rows behind one number of a report — a page at a time, or all of them (up to 100,000) for a CSV export — with
 * the report's own parameters selecting what the page shows. Cached like reports, and read at the same as_of.
 */
export async function runDrilldown(
  actor: Actor,
  slug: string,
  kind: string,
  name: string,
  raw: RawParams,
  options: RunOptions & { all?: boolean } = {},
): Promise<DrilldownPage<unknown>> {
  requirePermission(actor, "people.read");
  const report = reportOf(kind);
  const drilldown = drilldownOf(kind, name);
  const own = [...drilldown.parameters, "page", "page_size"];
  const now = options.now ?? new Date();
  const { project, params, canonical, run, version, readAt } = await prepare(actor, slug, kind, report.definition, raw, own, { ...options, now });
  const drill = parse(drilldown.schema, pick(raw, drilldown.parameters));
  const problem = drilldown.check?.(params, drill);
  if (problem) throw new AppError("invalid", problem);
  const { page, page_size } = parse(pagingSchema, pick(raw, ["page", "page_size"]));
  const paging = options.all ? { limit: CSV_ROWS, offset: 0 } : { limit: page_size, offset: (page - 1) * page_size };
  const key = cacheKey({ projectId: project.id, dataVersion: version, kind: `${kind}/${name}`, params: [canonical, drill, paging], asOf: readAt, now });
  const { value } = await cached(key, () => run((ctx) => report.drilldowns[name]!(ctx, params, drill, paging)));
  return { total: value.total, page: options.all ? 1 : page, pageSize: paging.limit, people: value.rows };
}

/** A report's table as CSV, for those who may download: every role, a share link only if it allows it. */
export async function reportCsv(actor: Actor, slug: string, kind: string, raw: RawParams, options: RunOptions = {}): Promise<string> {
  requirePermission(actor, "exports.read");
  const output = await runReport(actor, slug, kind, raw, options);
  return toCsv(reportTable(kind, output.result));
}

/** All the rows of a drill-down (up to 100,000) as CSV. */
export async function drilldownCsv(actor: Actor, slug: string, kind: string, name: string, raw: RawParams, options: RunOptions = {}): Promise<string> {
  requirePermission(actor, "exports.read");
  const page = await runDrilldown(actor, slug, kind, name, raw, { ...options, all: true });
  return toCsv(drilldownTable(kind, name, page.people));
}

/** A report result as a flat table, for CSV. */
export function reportTable(kind: string, result: unknown): ReportTable {
  return reportOf(kind).definition.table(result);
}

/** A drill-down's rows as a flat table, for CSV. */
export function drilldownTable(kind: string, name: string, rows: unknown[]): ReportTable {
  return drilldownOf(kind, name).table(rows);
}

/** The names a report form offers: the project's event names and its event and person properties. */
export async function reportVocabulary(actor: Actor, slug: string): Promise<Vocabulary> {
  requirePermission(actor, "reports.read");
  const project = await getProject(actor, slug);
  const db = await getDb();
  return readVocabulary(db.reads, project.id);
}
