import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { REPORTS, isReportKind, type Entry } from "@/lib/reports/registry";
import { cacheKey, cached } from "@/lib/reports/result-cache";
import { describeParamError, type RawParams } from "@/lib/reports/params";
import type { ReportOutput, ReportQuery } from "@/lib/reports/definition";
import type { OverviewResult } from "@/lib/reports/overview/definition";
import { retentionSchema, type RetentionResult } from "@/lib/reports/retention/definition";
import { cellSchema, type CellPeople } from "@/lib/reports/retention/people";
import { cellPeopleQuery } from "@/lib/reports/retention/cell-people-query";
import { resolveBounds } from "@/lib/reports/retention/run";
import { runQuery } from "@/lib/reports/run-query";

type CellPeopleRow = {
  total: number;
  person: string;
  plan: string | null;
  source: string | null;
  platform: string | null;
  country: string | null;
  signup_at: string | null;
  cohort_at: string;
  last_activity: string | null;
  properties: Record<string, unknown>;
};
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

const CSV_PEOPLE_LIMIT = 100_000;

/**
 * The people behind one retention cell, a page at a time (or all of them, up to 100,000, for a CSV export): the
 * list a marketer hands to a re-engagement campaign. The report's own parameters select the cohorts, as on the page.
 */
export async function retentionCellPeople(actor: Actor, slug: string, raw: RawParams, all = false, now = new Date()): Promise<CellPeople> {
  requirePermission(actor, "reports.read");
  const project = await getProject(actor, slug);
  const params = retentionSchema.safeParse(raw);
  if (!params.success) throw new AppError("invalid", describeParamError(params.error));
  const single = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v]));
  const cell = cellSchema.safeParse(single);
  if (!cell.success) throw new AppError("invalid", describeParamError(cell.error));
  const c = cell.data;
  if (c.cell_period >= params.data.periods) throw new AppError("invalid", `cell_period is below periods (${params.data.periods}).`);
  const limit = all ? CSV_PEOPLE_LIMIT : c.page_size;
  const offset = all ? 0 : (c.page - 1) * c.page_size;
  const db = await getDb();
  const bounds = await resolveBounds(db, project, params.data, now, []);
  const query = cellPeopleQuery(project, params.data, bounds, { cohort: c.cell_cohort, period: c.cell_period, group: c.cell_group, show: c.show, limit, offset });
  const rows = await runQuery<CellPeopleRow>(db, "Cell people", query, []);
  return {
    total: rows[0]?.total ?? 0,
    page: all ? 1 : c.page,
    pageSize: limit,
    people: rows.map((r) => ({
      person: r.person,
      plan: r.plan,
      source: r.source,
      platform: r.platform,
      country: r.country,
      signupAt: r.signup_at,
      cohortAt: r.cohort_at,
      lastActivity: r.last_activity,
      properties: r.properties,
    })),
  };
}

/** The names a report form offers: the project's event names and person properties. */
export async function reportVocabulary(actor: Actor, slug: string): Promise<{ events: string[]; personProperties: string[] }> {
  requirePermission(actor, "reports.read");
  const project = await getProject(actor, slug);
  const db = await getDb();
  // Distinct names by skipping through the (project_id, name, occurred_at) index: one probe per name, not a scan.
  const events = await db.pool.query<{ name: string }>(
    `with recursive names as (
       select min(name) as name from events where project_id = $1
       union all
       select (select min(e.name) from events e where e.project_id = $1 and e.name > n.name) from names n where n.name is not null
     )
     select name from names where name is not null limit 500`,
    [project.id],
  );
  // Property keys from a sample of people: the form offers them; any other key can still be typed into the URL.
  const keys = await db.pool.query<{ key: string }>(
    `select distinct jsonb_object_keys(properties) as key from (select properties from people where project_id = $1 limit 2000) p order by 1 limit 200`,
    [project.id],
  );
  return { events: events.rows.map((r) => r.name), personProperties: ["plan", "source", "platform", "country", ...keys.rows.map((r) => r.key)] };
}
