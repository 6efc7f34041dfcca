import "server-only";
import { join, sql, type Sql } from "@/lib/db/sql";
import { PERSON_ATTRIBUTES, type PersonAttribute } from "@/lib/person-attributes";
import type { ReportProject } from "../definition";
import { runQuery, type ReportContext } from "../run-query";
import type { DrilldownRows, Paging } from "../server-report";
import { propertyExpression } from "../sql/filters";
import { boundValues, resolveBounds, type RetentionBounds } from "./bounds";
import type { CellPerson, CellSelection } from "./cell-people";
import type { RetentionParams } from "./definition";
import { eventActivityCtes } from "./event-activity";
import { matrixUsesMasks, memberMasksCtes } from "./mask-activity";

/** The people of one cell: members of the cohort (and group) retained in period k, or not retained ("lost"). */
function cellPeopleQuery(project: ReportProject, p: RetentionParams, bounds: RetentionBounds, cell: CellSelection, paging: Paging): Sql {
  const b = boundValues(bounds);
  const group = cell.cell_group === undefined ? sql`` : sql`and m.bvalue = ${cell.cell_group}`;
  const not = cell.show === "retained" ? sql`` : sql`not`;
  let ctes: Sql;
  if (matrixUsesMasks(p, bounds)) {
    const active = p.kind === "on" ? sql`((m.sm >> ${cell.cell_period}) & 1) = 1` : sql`(m.sm >> ${cell.cell_period}) <> 0`;
    ctes = sql`${memberMasksCtes(project, p, bounds)},
selected as (select m.person_id, m.cohort_at from member_masks m where m.cohort_period = ${cell.cell_cohort}::date ${group} and ${not} (${active}))`;
  } else {
    const active = p.kind === "on" ? sql`mp.idx = ${cell.cell_period}` : sql`mp.idx >= ${cell.cell_period}`;
    ctes = sql`${eventActivityCtes(project, p, bounds)},
selected as (
  select m.person_id, m.cohort_at from members m
  where m.cohort_period = ${cell.cell_cohort}::date ${group}
    and ${not} exists (select 1 from member_periods mp where mp.person_id = m.person_id and mp.cohort_period = m.cohort_period and ${active})
)`;
  }
  // The typed attribute columns, each named as its column (p.plan comes out as plan).
  const attributes = join(PERSON_ATTRIBUTES.map((a) => propertyExpression("person", a)), ", ");
  return sql`with ${ctes}
select count(*) over () as total, s.person_id as person, ${attributes},
  to_char(p.signup_at at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') as signup_at,
  to_char(s.cohort_at, 'YYYY-MM-DD HH24:MI:SS') as cohort_at,
  (select to_char(max(e.occurred_at) at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') from events e
    where e.project_id = ${project.id}::uuid and e.person_id = s.person_id and e.occurred_at <= ${b.asOf}) as last_activity,
  coalesce(p.properties, '{}'::jsonb) as properties
from selected s
left join people p on p.project_id = ${project.id}::uuid and p.person_id = s.person_id
order by s.person_id
limit ${paging.limit} offset ${paging.offset}`;
}

type Row = { total: number; person: string; signup_at: string | null; cohort_at: string; last_activity: string | null; properties: Record<string, unknown> } & {
  [attribute in PersonAttribute]: string | null;
};

/** The cell's people, with the report's own parameters selecting the cohorts as on the page. */
export async function runCellPeople(ctx: ReportContext, p: RetentionParams, cell: CellSelection, paging: Paging): Promise<DrilldownRows<CellPerson>> {
  const bounds = await resolveBounds(ctx, p);
  const rows = await runQuery<Row>(ctx, "Cell people", cellPeopleQuery(ctx.project, p, bounds, cell, paging));
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map((r) => ({
      person: r.person,
      ...(Object.fromEntries(PERSON_ATTRIBUTES.map((a) => [a, r[a]])) as Record<PersonAttribute, string | null>),
      signupAt: r.signup_at,
      cohortAt: r.cohort_at,
      lastActivity: r.last_activity,
      properties: r.properties,
    })),
  };
}
