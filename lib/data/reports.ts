import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { REPORTS, isReportKind, type Entry } from "@/lib/reports/registry";
import { cacheKey, cached } from "@/lib/reports/result-cache";
import { describeParamError, type RawParams } from "@/lib/reports/params";
import type { ReportOutput, ReportQuery } from "@/lib/reports/definition";
import type { OverviewResult } from "@/lib/reports/overview/definition";
import type { RetentionResult } from "@/lib/reports/retention/definition";
import { requirePermission, type Actor } from "./actor";
import { getProject, type ProjectInfo } from "./projects";

export type ReportResults = { overview: OverviewResult; retention: RetentionResult };

/**
 * Runs a report for the page, the API and the CLI alike: the same parameters give the same numbers everywhere.
 * `now` is the clock used when as_of is not given.
 */
export async function runReport<K extends keyof ReportResults>(
  actor: Actor,
  slug: string,
  kind: K | string,
  raw: RawParams,
  now = new Date(),
): Promise<ReportOutput<ReportResults[K]>> {
  requirePermission(actor, "reports.read");
  if (!isReportKind(kind)) throw new AppError("not_found", `No report kind "${kind}". Known kinds: ${Object.keys(REPORTS).join(", ")}.`);
  const project = await getProject(actor, slug);
  const db = await getDb();
  const output = await compute(db, REPORTS[kind] as Entry<unknown, unknown>, kind, project, raw, now);
  return output as ReportOutput<ReportResults[K]>;
}

async function compute<P, R>(db: Db, entry: Entry<P, R>, kind: string, project: ProjectInfo, raw: RawParams, now: Date): Promise<ReportOutput<R>> {
  const { definition, run } = entry;
  const parsed = definition.schema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", describeParamError(parsed.error));
  const params = definition.toRaw(parsed.data);
  const { rows } = await db.pool.query<{ version: string }>("select data_version::text as version from projects where id = $1", [project.id]);
  const key = cacheKey({ projectId: project.id, dataVersion: rows[0]?.version ?? "", kind, params, asOf: params.as_of as string | undefined, now });
  const { value, hit } = await cached(key, async () => {
    const queries: ReportQuery[] = [];
    const result = await run(db, project, parsed.data, now, queries);
    return {
      kind,
      project: project.slug,
      params,
      definition: definition.describe(parsed.data, project),
      result,
      queries,
      computedAt: new Date().toISOString(),
    };
  });
  return { ...value, cached: hit };
}

export function reportTable(kind: string, result: unknown) {
  if (!isReportKind(kind)) throw new AppError("not_found", `No report kind "${kind}".`);
  return REPORTS[kind].definition.table(result as never);
}
