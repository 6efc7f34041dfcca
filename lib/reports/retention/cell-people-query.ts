import "server-only";
import { raw, sql, type Sql } from "@/lib/db/sql";
import type { ReportProject } from "../definition";
import { boundValues, type RetentionBounds } from "./bounds";
import type { RetentionParams } from "./definition";
import { eventActivityCtes } from "./event-activity";
import { matrixUsesMasks, memberMasksCtes } from "./mask-activity";

export type CellSpec = { cohort: string; period: number; group: string | undefined; show: "retained" | "lost"; limit: number; offset: number };

/** The people of one cell: members of the cohort (and group) retained in period k, or not retained ("lost"). */
export function cellPeopleQuery(project: ReportProject, p: RetentionParams, bounds: RetentionBounds, cell: CellSpec): Sql {
  const b = boundValues(bounds);
  const group = cell.group === undefined ? sql`` : sql`and m.bvalue = ${cell.group}`;
  const not = raw(cell.show === "retained" ? "" : "not");
  let ctes: Sql;
  if (matrixUsesMasks(p, bounds)) {
    const active = p.kind === "on" ? sql`((m.sm >> ${cell.period}) & 1) = 1` : sql`(m.sm >> ${cell.period}) <> 0`;
    ctes = sql`${memberMasksCtes(project, p, bounds)},
sel as (select m.person_id, m.cohort_at from mm m where m.cohort_period = ${cell.cohort}::date ${group} and ${not} (${active}))`;
  } else {
    const active = p.kind === "on" ? sql`mp.idx = ${cell.period}` : sql`mp.idx >= ${cell.period}`;
    ctes = sql`${eventActivityCtes(project, p, bounds)},
sel as (
  select m.person_id, m.cohort_at from members m
  where m.cohort_period = ${cell.cohort}::date ${group}
    and ${not} exists (select 1 from mp where mp.person_id = m.person_id and mp.cohort_period = m.cohort_period and ${active})
)`;
  }
  return sql`with ${ctes}
select count(*) over () as total, s.person_id as person, p.plan, p.source, p.platform, p.country,
  to_char(p.signup_at at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') as signup_at,
  to_char(s.cohort_at, 'YYYY-MM-DD HH24:MI:SS') as cohort_at,
  (select to_char(max(e.occurred_at) at time zone ${project.timezone}, 'YYYY-MM-DD HH24:MI:SS') from events e
    where e.project_id = ${project.id}::uuid and e.person_id = s.person_id and e.occurred_at <= ${b.asOf}) as last_activity,
  coalesce(p.properties, '{}'::jsonb) as properties
from sel s
left join people p on p.project_id = ${project.id}::uuid and p.person_id = s.person_id
order by s.person_id
limit ${cell.limit} offset ${cell.offset}`;
}
