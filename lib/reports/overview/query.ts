import "server-only";
import { sql, type Sql } from "@/lib/db/sql";
import { filterConditions, needsPersonJoin, peopleOfEvents } from "../sql/filters";
import { boundsCte } from "../sql/time-bounds";
import type { ReportProject } from "../definition";
import type { OverviewParams } from "./definition";

/**
 * One statement. `matching` is the filtered event set every figure reads, so totals, the daily series and the top
 * events always agree; the day series is generated, so days without events show as zero rather than missing.
 */
export function overviewQuery(project: ReportProject, p: OverviewParams, now: Date): Sql {
  const tz = project.timezone;
  const allTime = !p.from && !p.to;
  const personJoin = needsPersonJoin(p.where) ? peopleOfEvents : sql``;
  return sql`with bounds as (${boundsCte(p, tz, now)}),
matching as (
  select e.person_id, e.name, e.occurred_at, (e.occurred_at at time zone ${tz})::date as day
  from events e ${personJoin} cross join bounds b
  where e.project_id = ${project.id}::uuid
    and ((e.occurred_at is null and ${allTime}::boolean)
      or (e.occurred_at <= b.as_of
        and (b.from_day is null or e.occurred_at >= (b.from_day::timestamp at time zone ${tz}))
        and e.occurred_at < ((b.to_day + 1)::timestamp at time zone ${tz})))
    ${filterConditions(p.where)}
),
totals as (
  select count(*) as events, count(distinct person_id) as people,
         count(*) filter (where occurred_at is null) as untimed_events,
         min(occurred_at) as first_event, max(occurred_at) as last_event
  from matching
),
days as (
  select generate_series(coalesce(b.from_day, (select min(day) from matching)), b.to_day, interval '1 day')::date as day
  from bounds b
),
per_day as (
  select d.day, count(m.person_id) as events, count(distinct m.person_id) as people
  from days d left join matching m on m.day = d.day
  group by d.day
),
previous_range as (
  -- The same number of days just before the range: shifted by that many days, its days lie over the range's.
  select b.from_day - (b.to_day - b.from_day + 1) as from_day, b.from_day - 1 as to_day, (b.to_day - b.from_day + 1) as shift
  from bounds b where b.from_day is not null
),
previous_matching as (
  select e.person_id, (e.occurred_at at time zone ${tz})::date + r.shift as day
  from events e ${personJoin} cross join previous_range r
  where e.project_id = ${project.id}::uuid
    and e.occurred_at >= (r.from_day::timestamp at time zone ${tz})
    and e.occurred_at < ((r.to_day + 1)::timestamp at time zone ${tz})
    ${filterConditions(p.where)}
),
previous_per_day as (
  select d.day, count(m.person_id) as events, count(distinct m.person_id) as people
  from days d left join previous_matching m on m.day = d.day
  where exists (select 1 from previous_range)
  group by d.day
),
top_events as (
  select name, count(*) as events, count(distinct person_id) as people
  from matching group by name order by events desc, name limit 20
)
select b.as_of, b.from_day::text as from_day, b.to_day::text as to_day,
  -- The as-of day's figures are not final while as_of falls before its end (the activity report's rule).
  (b.to_day = b.as_of_day and b.as_of < (b.as_of_day + 1)::timestamp at time zone ${tz} - interval '1 millisecond') as partial_day,
  t.events, t.people, t.untimed_events, t.first_event, t.last_event,
  (select coalesce(json_agg(json_build_object('day', day::text, 'events', events, 'people', people) order by day), '[]'::json) from per_day) as per_day,
  (select coalesce(json_agg(json_build_object('name', name, 'events', events, 'people', people) order by events desc, name), '[]'::json) from top_events) as top_events,
  (select json_build_object('fromDay', r.from_day::text, 'toDay', r.to_day::text,
      'events', (select count(*) from previous_matching), 'people', (select count(distinct person_id) from previous_matching),
      'perDay', (select coalesce(json_agg(json_build_object('day', day::text, 'events', events, 'people', people) order by day), '[]'::json) from previous_per_day))
    from previous_range r) as previous
from bounds b cross join totals t`;
}
