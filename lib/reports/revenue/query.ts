import "server-only";
import { empty, sql, type Sql } from "@/lib/db/sql";
import { env } from "@/lib/env";
import { filterConditions, inScope, propertyExpression } from "../sql/filters";
import { monthNo } from "../sql/periods";
import { boundsCte } from "../sql/time-bounds";
import type { ReportProject } from "../definition";
import { REVENUE_DEFAULTS, type RevenueParams } from "./definition";

export type RevenueBoundsRow = { as_of: Date; from_month: string; to_month: string; read_from: Date; read_before: Date };

/** The as-of instant and the months shown, resolved first and then bound as values. */
export function revenueBoundsQuery(project: ReportProject, p: RevenueParams, now: Date): Sql {
  const tz = project.timezone;
  const fromMonth = p.from ? sql`date_trunc('month', from_day)` : sql`(date_trunc('month', to_day) - ${REVENUE_DEFAULTS.months - 1}::int * interval '1 month')`;
  return sql`select as_of, from_month::date::text as from_month, to_month::date::text as to_month,
    from_month::timestamp at time zone ${tz} as read_from, (to_month + interval '1 month')::timestamp at time zone ${tz} as read_before
  from (select as_of, ${fromMonth}::date as from_month, date_trunc('month', to_day)::date as to_month from (${boundsCte(p, tz, now)}) b) bounds`;
}

type Ctx = { project: ReportProject; p: RevenueParams; b: RevenueBoundsRow };

/** The people, as `p`, with their breakdown value and the report's person filters. */
function peopleOf({ project, p }: Ctx, columns: Sql): Sql {
  return sql`select p.person_id, coalesce(${propertyExpression("person", p.breakdown)}, '(none)') as bvalue, ${columns}
    from people p where p.project_id = ${project.id}::uuid ${filterConditions(inScope(p.where, "person"))}`;
}

/** Events with revenue up to as_of, with the report's event filters, as `e`. */
function revenueEvents({ project, p, b }: Ctx, extra: Sql = empty): Sql {
  return sql`from events e where e.project_id = ${project.id}::uuid and e.revenue is not null and e.revenue <> 0
    and e.occurred_at <= ${b.as_of.toISOString()}::timestamptz ${extra} ${filterConditions(inScope(p.where, "event"))}`;
}

/** The breakdown values with the most people in a CTE: the groups shown, the rest added up as "(other)". */
const topValues = (cte: Sql) =>
  sql`select bvalue from ${cte} group by bvalue order by count(distinct person_id) desc, bvalue limit ${env().JOURNEYLENS_BREAKDOWN_GROUPS}`;

/**
 * Revenue, active and paying people per month, for everyone and per breakdown value (the most frequent values; the
 * rest as "(other)"). Active people come from every event of the month; revenue from events with revenue.
 */
export function monthlyQuery(ctx: Ctx): Sql {
  const { project, p, b } = ctx;
  const tz = project.timezone;
  return sql`with persons as (${peopleOf(ctx, sql`true as known`)}),
ev as (
  select e.person_id, date_trunc('month', e.occurred_at at time zone ${tz})::date as month, e.revenue, coalesce(pe.bvalue, '(none)') as bvalue
  from events e left join persons pe on pe.person_id = e.person_id
  where e.project_id = ${project.id}::uuid and e.occurred_at >= ${b.read_from.toISOString()}::timestamptz
    and e.occurred_at < ${b.read_before.toISOString()}::timestamptz and e.occurred_at <= ${b.as_of.toISOString()}::timestamptz
    ${inScope(p.where, "person").length ? sql`and pe.person_id is not null` : empty}
    ${filterConditions(inScope(p.where, "event"))}
),
top_values as (${topValues(sql`ev`)}),
grouped as (
  select true as everyone, null::text as bvalue, person_id, month, revenue from ev
  union all
  select false, case when bvalue in (select bvalue from top_values) then bvalue else '(other)' end, person_id, month, revenue from ev
),
per_person as (select everyone, bvalue, month, person_id, coalesce(sum(revenue), 0) as revenue from grouped group by 1, 2, 3, 4),
agg as (
  select everyone, bvalue, month, sum(revenue)::float8 as revenue, count(*)::int as active, count(*) filter (where revenue <> 0)::int as paying
  from per_person group by 1, 2, 3
),
groups as (select true as everyone, null::text as bvalue union all select distinct false, bvalue from grouped where not everyone),
months as (select generate_series(${b.from_month}::timestamp, ${b.to_month}::timestamp, interval '1 month')::date as month)
select g.everyone, g.bvalue as value, m.month::text as month,
  -- as_of is the last moment read (a day's last millisecond), so a month is over when its end is at most a millisecond after it.
  (m.month + interval '1 month')::timestamp at time zone ${tz} <= ${b.as_of.toISOString()}::timestamptz + interval '1 millisecond' as complete, coalesce(a.revenue, 0) as revenue, coalesce(a.active, 0) as active, coalesce(a.paying, 0) as paying
from groups g cross join months m
left join agg a on a.everyone = g.everyone and a.bvalue is not distinct from g.bvalue and a.month = m.month
order by g.everyone desc, g.bvalue, m.month`;
}

/**
 * Signup cohorts (month of signup, or of the first event) in the range: their size and revenue per month after
 * signup, for everyone and per breakdown value; and per value, each member's revenue to as_of (count, mean,
 * variance) for Welch's test.
 */
export function ltvQuery(ctx: Ctx): Sql {
  const { project, b } = ctx;
  const tz = project.timezone;
  return sql`with members as (
  select * from (${peopleOf(ctx, sql`date_trunc('month', coalesce(p.signup_at, p.first_seen) at time zone ${tz})::date as cohort`)}) m
  where m.cohort between ${b.from_month}::date and ${b.to_month}::date
),
top_values as (${topValues(sql`members`)}),
grouped as (
  select true as everyone, null::text as bvalue, person_id, cohort from members
  union all
  select false, case when bvalue in (select bvalue from top_values) then bvalue else '(other)' end, person_id, cohort from members
),
revenue as (
  select e.person_id, ${monthNo(sql`(e.occurred_at at time zone ${tz})`)} as month_no, sum(e.revenue) as revenue
  ${revenueEvents(ctx, sql`and e.person_id in (select person_id from members)`)}
  group by 1, 2
),
cells as (
  select g.everyone, g.bvalue, g.cohort, r.month_no - ${monthNo(sql`g.cohort`)} as k, sum(r.revenue) as revenue
  from grouped g join revenue r on r.person_id = g.person_id group by 1, 2, 3, 4
),
sizes as (select everyone, bvalue, cohort, count(*)::int as size from grouped group by 1, 2, 3),
curves as (
  select s.everyone, s.bvalue, s.cohort, s.size, k.k,
    (sum(coalesce(c.revenue, 0)) over (partition by s.everyone, s.bvalue, s.cohort order by k.k) / s.size)::float8 as per_member
  from sizes s
  cross join lateral generate_series(0, ${monthNo(sql`(${b.as_of.toISOString()}::timestamptz at time zone ${tz})`)} - ${monthNo(sql`s.cohort`)}) k(k)
  left join cells c on c.everyone = s.everyone and c.bvalue is not distinct from s.bvalue and c.cohort = s.cohort and c.k = k.k
),
person_totals as (
  select g.bvalue, g.person_id, coalesce(sum(r.revenue), 0) as revenue
  from grouped g left join revenue r on r.person_id = g.person_id where not g.everyone group by 1, 2
)
select
  (select coalesce(json_agg(json_build_object('everyone', everyone, 'value', bvalue, 'cohort', cohort::text, 'size', size, 'cumulative', cumulative)
     order by everyone desc, bvalue, cohort), '[]'::json)
   from (select everyone, bvalue, cohort, size, array_agg(per_member order by k) as cumulative from curves group by 1, 2, 3, 4) x) as cohorts,
  (select coalesce(json_agg(json_build_object('value', bvalue, 'n', n, 'mean', mean, 'variance', variance) order by n desc, bvalue), '[]'::json)
   from (select bvalue, count(*)::int as n, avg(revenue)::float8 as mean, coalesce(var_samp(revenue), 0)::float8 as variance from person_totals group by 1) s) as samples`;
}

/**
 * Spend per channel, platform and month (and their totals), beside what the channel's people brought: their revenue
 * in the month, and how many of them paid for the first time in it. A spend channel meets the people whose breakdown
 * value has its name, and a spend platform their platform.
 */
export function channelQuery(ctx: Ctx): Sql {
  const { project, b } = ctx;
  const tz = project.timezone;
  const sets = sql`grouping sets ((channel, platform, month), (channel, month), (channel, platform), (channel))`;
  return sql`with spent as (
  select channel, coalesce(platform, '(none)') as platform, date_trunc('month', day)::date as month, cost, clicks
  from spend where project_id = ${project.id}::uuid and day between ${b.from_month}::date and (${b.to_month}::date + interval '1 month' - interval '1 day')::date
    and day <= (${b.as_of.toISOString()}::timestamptz at time zone ${tz})::date
),
spend_cells as (
  select channel, case when grouping(platform) = 0 then platform end as platform, case when grouping(month) = 0 then month end as month,
    sum(cost)::float8 as spend, sum(clicks)::int as clicks, bool_and(clicks is not null) as all_clicks
  from spent group by ${sets}
),
persons as (
  select * from (${peopleOf(ctx, sql`coalesce(p.platform, '(none)') as platform`)}) x where bvalue in (select distinct channel from spent)
),
paid as (
  select e.person_id, date_trunc('month', e.occurred_at at time zone ${tz})::date as month, sum(e.revenue) as revenue
  ${revenueEvents(ctx, sql`and e.person_id in (select person_id from persons)`)}
  group by 1, 2
),
firsts as (select person_id, min(month) as first_month from paid group by 1),
revenue_cells as (
  select pe.bvalue as channel, case when grouping(pe.platform) = 0 then pe.platform end as platform, case when grouping(pd.month) = 0 then pd.month end as month,
    sum(pd.revenue)::float8 as revenue, count(distinct pd.person_id) filter (where f.first_month = pd.month)::int as new_customers
  from persons pe join paid pd on pd.person_id = pe.person_id join firsts f on f.person_id = pe.person_id
  where pd.month between ${b.from_month}::date and ${b.to_month}::date
  group by grouping sets ((pe.bvalue, pe.platform, pd.month), (pe.bvalue, pd.month), (pe.bvalue, pe.platform), (pe.bvalue))
)
select s.channel, s.platform, s.month::text as month, s.spend, case when s.all_clicks then s.clicks end as clicks,
  coalesce(r.revenue, 0) as revenue, coalesce(r.new_customers, 0) as new_customers
from spend_cells s
left join revenue_cells r on r.channel = s.channel and r.platform is not distinct from s.platform and r.month is not distinct from s.month
order by s.channel, s.platform nulls first, s.month nulls first`;
}
