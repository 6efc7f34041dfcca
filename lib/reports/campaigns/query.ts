import "server-only";
import { empty, sql, type Sql } from "@/lib/db/sql";
import { breakdownExpression, filterConditions, inScope } from "../sql/filters";
import { boundsCte } from "../sql/time-bounds";
import { eventsBefore } from "../rollups/event-sequences";
import type { ReportProject } from "../definition";
import type { CampaignsParams } from "./definition";

const UTC_ISO = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';
/** Less than any two stored times can differ (they have millisecond precision): turns an inclusive frame bound into an exclusive one. */
const EPSILON = sql`interval '1 microsecond'`;

/** The value of a send's breakdown group, over the sends `s` and the people `p`. */
function breakdownValue(p: CampaignsParams, tz: string): Sql {
  const b = p.breakdown;
  if (!b) return sql`null::text`;
  if (b.by === "person") return breakdownExpression(b.property);
  return b.by === "channel" ? sql`s.channel` : sql`((s.sent_at at time zone ${tz})::date)::text`;
}

/**
 * One statement: every group's figures and the cohort heatmap, as JSON.
 * - `sends`: the campaign sends in range, with each outcome as of as_of (an open recorded after as_of has not
 *   happened yet).
 * - `members`: one row per person in each campaign, in the arm (a variant, or the holdout) and breakdown group of
 *   their first send, timed from it, so that arms and groups split the audience. Holdout members are never counted
 *   as sent or opened.
 * - `joined`: each member with what their events say: a goal within the window, revenue in it, activity in it, and
 *   whether they were dormant (seen before, but not in the dormant days before the send). See `fromSequences` and
 *   `fromEvents` for the two ways of reading them.
 * - `groups`: the counts per campaign, arm and breakdown group, in one pass (grouping sets), with each campaign's name.
 */
/** The report's range, resolved by a first small statement and then bound as values, so the planner sees them. */
export type CampaignBounds = { asOf: string; fromDay: string | null; toDay: string; sentFrom: string | null; sentBefore: string };
export type CampaignBoundsRow = { as_of: Date; from_day: string | null; to_day: string; sent_from: Date | null; sent_before: Date };

/** The bounds statement's row as the values the report's statement binds. */
export const campaignBounds = (b: CampaignBoundsRow): CampaignBounds => ({
  asOf: b.as_of.toISOString(), fromDay: b.from_day, toDay: b.to_day, sentFrom: b.sent_from?.toISOString() ?? null, sentBefore: b.sent_before.toISOString(),
});

export function campaignBoundsQuery(project: ReportProject, p: CampaignsParams, now: Date): Sql {
  const tz = project.timezone;
  return sql`select as_of, from_day::text as from_day, to_day::text as to_day,
    from_day::timestamp at time zone ${tz} as sent_from, (to_day + 1)::timestamp at time zone ${tz} as sent_before
  from (${boundsCte(p, tz, now)}) bounds`;
}

/**
 * Where the members' events are read: each person's row of the sequence rollup, or, with event filters, which the
 * rollup does not keep, the events table.
 */
export type CampaignPath = "sequences" | "events";
export const campaignPath = (p: CampaignsParams): CampaignPath => (inScope(p.where, "event").length ? "events" : "sequences");

type Outcomes = { project: ReportProject; goal: string | null; asOf: Sql; window: Sql; dormant: Sql };

/**
 * `joined` from the sequence rollup: each member's row found by person (one hash join), and in it, by binary search
 * over the sorted times (`width_bucket`), `k`, the number of events before the send. Then the last event before the
 * send is `ats[k]`, the first at or after it `ats[k + 1]`, the first goal the next place of its name after `k`, and
 * the revenue in the window the difference of two running totals. Events after as_of, and untimed ones (infinity),
 * fall outside every comparison with as_of.
 */
function fromSequences({ project, goal, asOf, window, dormant }: Outcomes): Sql {
  const within = (at: Sql) => sql`coalesce(${at} < m.t + ${window} and ${at} <= ${asOf}, false)`;
  const totalBy = (at: Sql) => sql`coalesce(q.revenue_sums[width_bucket(${at}, q.revenue_ats)], 0)`;
  return sql`joined as (
  select m.*,
    ${within(sql`q.ats[array_position(q.names, ${goal}::text, k.k + 1)]`)} as converted,
    ${totalBy(sql`least(m.t + ${window} - ${EPSILON}, ${asOf})`)} - ${totalBy(sql`m.t - ${EPSILON}`)} as revenue,
    ${within(sql`q.ats[k.k + 1]`)} as active_after,
    coalesce(q.ats[k.k] < m.t - ${dormant}, false) as dormant
  from members m
  left join event_sequences q on q.project_id = ${project.id}::uuid and q.person_id = m.person_id
  cross join lateral (select ${eventsBefore(sql`m.t`, sql`q.ats`)} as k) k
)`;
}

/**
 * `joined` from the events, for event filters: members and events go into one time line per person, read by window
 * functions in two sorts: the last event before the send, the first event (and first goal) at or after it, and the
 * revenue within the window. One index probe per member instead cost 1.3 s of 3 s on the demo newsletter's 111k sends.
 */
function fromEvents({ project, goal, asOf, window, dormant }: Outcomes, eventFilters: Sql): Sql {
  return sql`timeline as (
  select person_id, t as at, true as member, campaign_id, campaign_name, holdout, variant, bvalue, bounced, opened, clicked, unsubscribed,
    null::timestamptz as event_at, false as goal, null::numeric as revenue
  from members
  union all
  select e.person_id, e.occurred_at, false, null, null, null, null, null, null, null, null, null, e.occurred_at, e.name = ${goal}::text, e.revenue
  from events e
  where e.project_id = ${project.id}::uuid and e.occurred_at <= ${asOf}
    and e.person_id in (select person_id from members)
    and e.occurred_at < (select max(t) from members) + ${window}
    ${eventFilters}
),
joined as (
  select campaign_id, person_id, at as t, campaign_name, holdout, variant, bvalue, bounced, opened, clicked, unsubscribed,
    coalesce(first_goal < at + ${window}, false) as converted,
    coalesce(window_revenue, 0) as revenue,
    coalesce(first_after < at + ${window}, false) as active_after,
    coalesce(last_before < at - ${dormant}, false) as dormant
  from (
    select *,
      max(event_at) over (earlier range between unbounded preceding and ${EPSILON} preceding) as last_before,
      sum(revenue) over (earlier range between current row and ${window} - ${EPSILON} following) as window_revenue,
      min(event_at) over later as first_after,
      min(case when goal then event_at end) over later as first_goal
    from timeline
    -- Byte order ("C") for the people: their ids only need grouping, and the locale's collation sorts several times slower.
    window earlier as (partition by person_id collate "C" order by at),
      later as (partition by person_id collate "C" order by at desc range between unbounded preceding and current row)
  ) w
  where member
)`;
}

export function campaignsQuery(project: ReportProject, p: CampaignsParams, bounds: CampaignBounds, path: CampaignPath = campaignPath(p)): Sql {
  const tz = project.timezone;
  const personFilters = inScope(p.where, "person");
  const eventFilters = filterConditions(inScope(p.where, "event"));
  const personJoin =
    personFilters.length || p.breakdown?.by === "person" ? sql`left join people p on p.project_id = s.project_id and p.person_id = s.person_id` : empty;
  const window = sql`(${p.window.hours} * interval '1 hour')`;
  const dormant = sql`(${p.dormant.hours} * interval '1 hour')`;
  const goal = p.goal ?? null;
  const asOf = sql`${bounds.asOf}::timestamptz`;
  const outcomes: Outcomes = { project, goal, asOf, window, dormant };
  return sql`with sends as (
  select s.campaign_id, s.campaign_name, s.person_id, s.holdout, s.variant, s.sent_at, ${breakdownValue(p, tz)} as bvalue,
    s.bounced_at <= ${asOf} as bounced,
    (s.opened_at <= ${asOf} or s.clicked_at <= ${asOf}) as opened,
    s.clicked_at <= ${asOf} as clicked,
    s.unsubscribed_at <= ${asOf} as unsubscribed
  from campaign_sends s ${personJoin}
  where s.project_id = ${project.id}::uuid
    and s.sent_at <= ${asOf}
    ${bounds.sentFrom ? sql`and s.sent_at >= ${bounds.sentFrom}::timestamptz` : empty}
    and s.sent_at < ${bounds.sentBefore}::timestamptz
    ${p.campaign ? sql`and s.campaign_id = ${p.campaign}` : empty}
    ${filterConditions(personFilters)}
),
members as (
  -- The first send decides the arm and the group; outcomes count over all of the person's sends of the campaign.
  select campaign_id, person_id, t, campaign_name, holdout, case when holdout then null else variant end as variant, bvalue,
    not holdout and bounced as bounced, not holdout and opened as opened, not holdout and clicked as clicked,
    not holdout and unsubscribed as unsubscribed
  from (
    -- Grouped as sorted for the window (campaign, then person in byte order), so no second sort or hash; the first
    -- send's values are the same on each of the person's rows, so any aggregate of them returns them.
    select campaign_id, min(person_id) as person_id, min(sent_at) as t, max(campaign_name) as campaign_name,
      bool_and(first_holdout) as holdout, min(first_variant) as variant, min(first_bvalue) as bvalue,
      coalesce(bool_or(bounced), false) as bounced, coalesce(bool_or(opened), false) as opened,
      coalesce(bool_or(clicked), false) as clicked, coalesce(bool_or(unsubscribed), false) as unsubscribed
    from (
      select *, first_value(holdout) over first_send as first_holdout, first_value(variant) over first_send as first_variant,
        first_value(bvalue) over first_send as first_bvalue
      from sends
      window first_send as (partition by campaign_id, person_id collate "C" order by sent_at, holdout desc)
    ) s
    group by campaign_id, person_id collate "C"
  ) m
),
${path === "sequences" ? fromSequences(outcomes) : fromEvents(outcomes, eventFilters)},
groups as (
  select case when grouping(j.variant) = 0 then 'arm' ${p.breakdown ? sql`when grouping(j.bvalue) = 0 then 'breakdown'` : empty} else 'campaign' end as level,
    j.campaign_id, j.holdout, ${p.breakdown ? sql`case when grouping(j.variant) = 0 then j.variant else j.bvalue end` : sql`j.variant`} as value,
    max(j.campaign_name) as name,
    to_char(min(j.t) at time zone 'UTC', ${UTC_ISO}) as first_send,
    to_char(max(j.t) at time zone 'UTC', ${UTC_ISO}) as last_send,
    count(*)::int as audience,
    count(*) filter (where not j.holdout)::int as sent,
    count(*) filter (where j.bounced)::int as bounced,
    count(*) filter (where j.opened)::int as opens,
    count(*) filter (where j.clicked)::int as clicks,
    count(*) filter (where j.unsubscribed)::int as unsubscribes,
    case when ${goal}::text is null then null else count(*) filter (where j.converted)::int end as conversions,
    sum(j.revenue)::float8 as revenue,
    var_samp(j.revenue)::float8 as revenue_variance,
    count(*) filter (where j.dormant)::int as dormant,
    count(*) filter (where j.dormant and j.active_after)::int as reengaged,
    bool_and(j.t + ${window} <= ${asOf}) as window_complete
  from joined j
  group by grouping sets ((j.campaign_id, j.holdout), (j.campaign_id, j.holdout, j.variant)${p.breakdown ? sql`, (j.campaign_id, j.holdout, j.bvalue)` : empty})
),
cohorts as (
  select j.campaign_id, coalesce(to_char(c.at at time zone ${tz}, 'YYYY-MM'), '(unknown)') as cohort,
    count(*)::int as dormant, count(*) filter (where j.active_after)::int as reengaged
  from joined j
  left join people pp on pp.project_id = ${project.id}::uuid and pp.person_id = j.person_id
  cross join lateral (
    select coalesce(pp.signup_at, pp.first_seen,
      (select min(e.occurred_at) from events e where e.project_id = ${project.id}::uuid and e.person_id = j.person_id)) as at
  ) c
  where not j.holdout and j.dormant
  group by 1, 2
)
select
  (select coalesce(json_agg(json_build_object(
      'level', g.level, 'campaign', g.campaign_id, 'name', g.campaign_name, 'holdout', g.holdout, 'value', g.value,
      'firstSend', g.first_send, 'lastSend', g.last_send, 'audience', g.audience, 'sent', g.sent, 'bounced', g.bounced,
      'opens', g.opens, 'clicks', g.clicks, 'unsubscribes', g.unsubscribes, 'conversions', g.conversions,
      'revenue', g.revenue, 'revenueVariance', g.revenue_variance, 'dormant', g.dormant, 'reengaged', g.reengaged,
      'windowComplete', g.window_complete)
    order by g.campaign_id, g.level, g.holdout, g.value nulls first), '[]'::json)
    from (select *, max(name) over (partition by campaign_id) as campaign_name from groups) g) as groups,
  (select coalesce(json_agg(json_build_object('campaign', campaign_id, 'cohort', cohort, 'dormant', dormant, 'reengaged', reengaged)
    order by cohort, campaign_id), '[]'::json) from cohorts) as cohorts`;
}

/** The project's campaigns, newest first: for the message when `campaign` names none of them. */
export function campaignNamesQuery(project: ReportProject): Sql {
  return sql`select campaign_id from campaign_sends where project_id = ${project.id}::uuid group by campaign_id order by max(sent_at) desc limit 200`;
}
