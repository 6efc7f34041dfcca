import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { REPORTS, isReportKind } from "@/lib/reports/registry";
import { describeParamError, type RawParams } from "@/lib/reports/params";
import type { ReportOutput, ReportQuery } from "@/lib/reports/definition";
import type { OverviewResult } from "@/lib/reports/overview/definition";
import { requirePermission, type Actor } from "./actor";
import { getProject } from "./projects";

export type ReportResults = { overview: OverviewResult };

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
  const { definition, run } = REPORTS[kind];
  const parsed = definition.schema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid", describeParamError(parsed.error));
  const db = await getDb();
  const queries: ReportQuery[] = [];
  const result = await run(db, project, parsed.data, now, queries);
  return {
    kind,
    project: project.slug,
    params: definition.toRaw(parsed.data),
    definition: definition.describe(parsed.data, project),
    result: result as ReportResults[K],
    queries,
  };
}

export function reportTable(kind: string, result: unknown) {
  if (!isReportKind(kind)) throw new AppError("not_found", `No report kind "${kind}".`);
  return REPORTS[kind].definition.table(result as never);
}
