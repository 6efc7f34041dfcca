import "server-only";
import { empty, sql, type Sql } from "@/lib/db/sql";
import { breakdownExpression, filterConditions, inScope } from "../sql/filters";
import { boundsCte } from "../sql/time-bounds";
import { eventsBefore } from "../rollups/event-sequences";
import { once } from "../sql/once";
import { FOLLOW_UP_DAYS } from "../rollups/campaign-members";
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
 * Where the members' outcomes are read: with event filters, which no rollup keeps, the events table; from the member
 * rollup's own follow-up columns when the members come from it and the window is within what it keeps; otherwise
 * each member's row of the sequence rollup.
 */
export type CampaignPath = "follow-ups" | "sequences" | "events";
export function campaignPath(p: CampaignsParams, source: MemberSource): CampaignPath {
  if (inScope(p.where, "event").length) return "events";
  return source === "rollup" && p.window.hours <= FOLLOW_UP_DAYS * 24 ? "follow-ups" : "sequences";
}

type Outcomes = { project: ReportProject; goal: string | null; asOf: Sql; window: Sql; dormant: Sql };

/** The last moment of the window of a member sent at `t`: the window's end less a microsecond, or as_of if earlier. */
const windowEnd = ({ window, asOf }: Outcomes, t: Sql) => sql`least(${t} + ${window} - ${EPSILON}, ${asOf})`;

/**
 * `joined` from the member rollup's follow-up columns (campaign-members.ts): `n`, the member's follow-up events up to
 * the window's end (or as_of), by binary search over their times. The member was active in the window when `n > 0`,
 * and converted when the goal's name is among those `n`; the revenue in the window is the running total at the `n`th;
 * dormancy is the last event before the send.
 */
function fromFollowUps(o: Outcomes): Sql {
  const { goal, dormant } = o;
  return sql`joined as (
  select j.campaign_id, j.person_id, j.t, j.campaign_name, j.holdout, j.variant, j.bvalue, j.bounced, j.opened, j.clicked, j.unsubscribed,
    coalesce(j.n > 0 and ${goal}::text = any(j.follow_up_names[1:j.n]), false) as converted,
    coalesce(j.follow_up_revenue[j.n], 0) as revenue,
    coalesce(j.n > 0, false) as active_after,
    coalesce(j.before_at < j.t - ${dormant}, false) as dormant,
    j.first_event_at as first_at
  from (select m.*, width_bucket(${windowEnd(o, sql`m.t`)}, m.follow_up_ats) as n from members m) j
)`;
}

/**
 * `joined` from the sequence rollup: each member's row found by person (a parallel hash join), and in it, by binary
 * search over the sorted times (`width_bucket`), `k`, the number of events before the send, and `until`, the number
 * before the window's end (or as_of). The last event before the send is `ats[k]` (dormancy); the member was active in
 * the window when `until > k`, and converted when the goal's name is among the events between; the revenue in the
 * window is the difference of two running totals. Untimed events (infinity) fall outside every window. `k`, `until`
 * and the revenue are worked out once per member (`once`), not again for each count that reads them.
 */
function fromSequences(o: Outcomes): Sql {
  const { project, goal, dormant } = o;
  const end = windowEnd(o, sql`m.t`);
  const totalBy = (at: Sql) => sql`coalesce(q.revenue_sums[width_bucket(${at}, q.revenue_ats)], 0)`;
  return sql`joined as (
  select j.campaign_id, j.person_id, j.t, j.campaign_name, j.holdout, j.variant, j.bvalue, j.bounced, j.opened, j.clicked, j.unsubscribed,
    coalesce(j.until > j.k and ${goal}::text = any(j.names[j.k + 1:j.until]), false) as converted,
    j.revenue,
    coalesce(j.until > j.k, false) as active_after,
    coalesce(j.ats[j.k] < j.t - ${dormant}, false) as dormant,
    j.ats[1] as first_at
  from (
    select m.*, q.names, q.ats, ${once(eventsBefore(sql`m.t`, sql`q.ats`))} as k, width_bucket(${end}, q.ats) as until,
      ${totalBy(end)} - ${totalBy(sql`m.t - ${EPSILON}`)} as revenue
    from members m
    left join event_sequences q on q.project_id = ${project.id}::uuid and q.person_id = m.person_id
  ) j
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
  select w.campaign_id, w.person_id, w.at as t, w.campaign_name, w.holdout, w.variant, w.bvalue, w.bounced, w.opened, w.clicked, w.unsubscribed,
    coalesce(w.first_goal < w.at + ${window}, false) as converted,
    coalesce(w.window_revenue, 0) as revenue,
    coalesce(w.first_after < w.at + ${window}, false) as active_after,
    coalesce(w.last_before < w.at - ${dormant}, false) as dormant,
    -- The first event, for the cohort, from the retention rollup: the time line holds only some of the events.
    fe.first_local at time zone ${project.timezone} as first_at
  from (
    select *,
      max(event_at) over (earlier range between unbounded preceding and ${EPSILON} preceding) as last_before,
      sum(revenue) over (earlier range between current row and ${window} - ${EPSILON} following) as window_revenue,
      min(event_at) over later as first_after,
      min(case when goal then event_at end) over later as first_goal
    from timeline
    window earlier as (partition by person_id order by at),
      later as (partition by person_id order by at desc range between unbounded preceding and current row)
  ) w
  left join activity_people fe on fe.project_id = ${project.id}::uuid and fe.person_id = w.person_id
  where w.member
)`;
}

/**
 * Where the members are read: the member rollup (campaign-members.ts), whose rows hold each member's first send and
 * outcomes over all their sends of the campaign; or, when the range or as_of leaves out some of a member's sends of a
 * campaign with others in the report, the sends themselves, as the member's first send and outcomes in the report
 * differ from the rollup's.
 */
export type MemberSource = "rollup" | "sends";

/**
 * Whether the report's range or as_of cuts some member's sends: a member with a send in the range whose last send is
 * after it, or whose first send is before it. Each is a range of the index on the last send's time, which is empty
 * at the data's end, the usual as_of, rather than a scan of every member.
 */
export function cutMembersQuery(project: ReportProject, p: CampaignsParams, bounds: CampaignBounds): Sql {
  const { sentFrom, sentBefore, asOf } = rangeOf(bounds);
  const members = sql`select 1 from campaign_members c
    where c.project_id = ${project.id}::uuid ${p.campaign ? sql`and c.campaign_id = ${p.campaign}` : empty}
      and c.sent_at <= ${asOf} and c.sent_at < ${sentBefore}`;
  // Times are kept to the millisecond: after sentBefore less a microsecond is at or after it.
  const endsAfter = sql`exists (${members} and c.last_sent_at > least(${asOf}, ${sentBefore} - interval '1 microsecond'))`;
  const startsBefore = sentFrom ? sql` or exists (${members} and c.last_sent_at >= ${sentFrom} and c.sent_at < ${sentFrom})` : empty;
  return sql`select ${endsAfter}${startsBefore} as cut`;
}

/** The report's sends: in the range and not after as_of. */
function rangeOf(bounds: CampaignBounds) {
  const asOf = sql`${bounds.asOf}::timestamptz`;
  const sentFrom = bounds.sentFrom ? sql`${bounds.sentFrom}::timestamptz` : null;
  const sentBefore = sql`${bounds.sentBefore}::timestamptz`;
  const inRange = (at: Sql) => sql`${at} <= ${asOf} and ${at} < ${sentBefore} ${sentFrom ? sql`and ${at} >= ${sentFrom}` : empty}`;
  return { asOf, sentFrom, sentBefore, inRange };
}

/**
 * One statement: every group's figures and the cohort heatmap, as JSON.
 * - `members`: one row per person in each campaign, in the arm (a variant, or the holdout) and breakdown group of
 *   their first send in the report, timed from it, so that arms and groups split the audience; each outcome as of
 *   as_of (an open recorded after as_of has not happened yet). Holdout members are never counted as sent or opened.
 *   Read from the member rollup (campaign-members.ts) where all of a member's sends are in the range and not after
 *   as_of, otherwise from those of their sends that are.
 * - `joined`: each member with what their events say: a goal within the window, revenue in it, activity in it, and
 *   whether they were dormant (seen before, but not in the dormant days before the send). See `fromFollowUps`,
 *   `fromSequences` and `fromEvents` for the three ways of reading them (`campaignPath`).
 * - `base`: the counts per campaign, arm, breakdown value and, for dormant recipients, signup month: one grouping
 *   that parallel workers share, where grouping sets over a million members ran in one process. `groups` (campaign,
 *   arm and breakdown levels, with each campaign's name) and `cohorts` add its few hundred rows up.
 */
export function campaignsQuery(project: ReportProject, p: CampaignsParams, bounds: CampaignBounds, source: MemberSource, path: CampaignPath = campaignPath(p, source)): Sql {
  if (path === "follow-ups" && source !== "rollup") throw new Error("Follow-ups are read from the member rollup only");
  const tz = project.timezone;
  const pid = sql`${project.id}::uuid`;
  const personWhere = inScope(p.where, "person");
  const personFilters = filterConditions(personWhere);
  const eventFilters = filterConditions(inScope(p.where, "event"));
  const personJoin =
    personWhere.length || p.breakdown?.by === "person" ? sql`left join people p on p.project_id = s.project_id and p.person_id = s.person_id` : empty;
  const window = sql`(${p.window.hours} * interval '1 hour')`;
  const dormant = sql`(${p.dormant.hours} * interval '1 hour')`;
  const goal = p.goal ?? null;
  const { asOf, inRange } = rangeOf(bounds);
  const outcomes: Outcomes = { project, goal, asOf, window, dormant };
  const ofCampaign = p.campaign ? sql`and s.campaign_id = ${p.campaign}` : empty;
  const outcome = (at: Sql) => sql`not s.holdout and coalesce(${at} <= ${asOf}, false)`;
  const members =
    source === "rollup"
      ? sql`members as (
  select s.campaign_id, s.person_id, s.sent_at as t, s.campaign_name, s.holdout, case when s.holdout then null else s.variant end as variant,
    ${path === "follow-ups" ? sql`s.before_at, s.first_event_at, s.follow_up_ats, s.follow_up_names, s.follow_up_revenue,` : empty}
    ${breakdownValue(p, tz)} as bvalue, ${outcome(sql`s.bounced_at`)} as bounced, ${outcome(sql`s.opened_at`)} as opened,
    ${outcome(sql`s.clicked_at`)} as clicked, ${outcome(sql`s.unsubscribed_at`)} as unsubscribed
  from campaign_members s ${personJoin}
  where s.project_id = ${pid} and ${inRange(sql`s.sent_at`)} ${ofCampaign}
    ${personFilters}
)`
      : sql`sends as (
  select s.campaign_id, s.campaign_name, s.person_id, s.holdout, s.variant, s.sent_at, ${breakdownValue(p, tz)} as bvalue,
    s.bounced_at <= ${asOf} as bounced,
    (s.opened_at <= ${asOf} or s.clicked_at <= ${asOf}) as opened,
    s.clicked_at <= ${asOf} as clicked,
    s.unsubscribed_at <= ${asOf} as unsubscribed
  from campaign_sends s ${personJoin}
  where s.project_id = ${pid} and ${inRange(sql`s.sent_at`)} ${ofCampaign}
    ${personFilters}
),
members as (
  select campaign_id, person_id, t, campaign_name, holdout, case when holdout then null else variant end as variant, bvalue,
    not holdout and bounced as bounced, not holdout and opened as opened, not holdout and clicked as clicked,
    not holdout and unsubscribed as unsubscribed
  from (
    -- Grouped as sorted for the window (campaign, then person in byte order), so no second sort or hash; the first
    -- send's values are the same on each of the person's rows, so any aggregate of them returns them.
    select campaign_id, person_id, min(sent_at) as t, max(campaign_name) as campaign_name,
      bool_and(first_holdout) as holdout, min(first_variant) as variant, min(first_bvalue) as bvalue,
      coalesce(bool_or(bounced), false) as bounced, coalesce(bool_or(opened), false) as opened,
      coalesce(bool_or(clicked), false) as clicked, coalesce(bool_or(unsubscribed), false) as unsubscribed
    from (
      select *, first_value(holdout) over first_send as first_holdout, first_value(variant) over first_send as first_variant,
        first_value(bvalue) over first_send as first_bvalue
      from sends
      window first_send as (partition by campaign_id, person_id order by sent_at, holdout desc)
    ) s
    group by campaign_id, person_id
  ) m
)`;
  return sql`with ${members},
${{ "follow-ups": fromFollowUps, sequences: fromSequences, events: (o: Outcomes) => fromEvents(o, eventFilters) }[path](outcomes)},
base as (
  -- Every figure as sums over small groups, in parallel workers: campaign, arm, breakdown value, and for dormant
  -- recipients the month of their signup (or first event). The groups and the cohorts add these up.
  select j.campaign_id, j.holdout, j.variant, j.bvalue,
    case when not j.holdout and j.dormant then coalesce(to_char(coalesce(pp.signup_at, pp.first_seen, nullif(j.first_at, 'infinity')) at time zone ${tz}, 'YYYY-MM'),
      '(unknown)') end as cohort,
    max(j.campaign_name) as name, min(j.t) as first_t, max(j.t) as last_t,
    count(*) as audience,
    count(*) filter (where j.bounced) as bounced,
    count(*) filter (where j.opened) as opens,
    count(*) filter (where j.clicked) as clicks,
    count(*) filter (where j.unsubscribed) as unsubscribes,
    count(*) filter (where j.converted) as conversions,
    sum(j.revenue) as revenue,
    sum(j.revenue * j.revenue) as revenue_squares,
    count(*) filter (where j.dormant) as dormant,
    count(*) filter (where j.dormant and j.active_after) as reengaged,
    bool_and(j.t + ${window} <= ${asOf}) as window_complete
  from joined j
  -- Only dormant recipients are looked up: a null key is not looked for.
  left join people pp on pp.project_id = ${pid} and pp.person_id = case when not j.holdout and j.dormant then j.person_id end
  group by 1, 2, 3, 4, 5
),
groups as (
  select case when grouping(b.variant) = 0 then 'arm' ${p.breakdown ? sql`when grouping(b.bvalue) = 0 then 'breakdown'` : empty} else 'campaign' end as level,
    b.campaign_id, b.holdout, ${p.breakdown ? sql`case when grouping(b.variant) = 0 then b.variant else b.bvalue end` : sql`b.variant`} as value,
    max(b.name) as name,
    to_char(min(b.first_t) at time zone 'UTC', ${UTC_ISO}) as first_send,
    to_char(max(b.last_t) at time zone 'UTC', ${UTC_ISO}) as last_send,
    sum(b.audience)::int as audience,
    coalesce(sum(b.audience) filter (where not b.holdout), 0)::int as sent,
    sum(b.bounced)::int as bounced,
    sum(b.opens)::int as opens,
    sum(b.clicks)::int as clicks,
    sum(b.unsubscribes)::int as unsubscribes,
    case when ${goal}::text is null then null else sum(b.conversions)::int end as conversions,
    sum(b.revenue)::float8 as revenue,
    -- var_samp from the sums: (n·Σx² − (Σx)²) / (n(n − 1)), exact in numeric.
    case when sum(b.audience) > 1 then
      ((sum(b.audience) * sum(b.revenue_squares) - sum(b.revenue) * sum(b.revenue)) / (sum(b.audience) * (sum(b.audience) - 1)))::float8
    end as revenue_variance,
    sum(b.dormant)::int as dormant,
    sum(b.reengaged)::int as reengaged,
    bool_and(b.window_complete) as window_complete
  from base b
  group by grouping sets ((b.campaign_id, b.holdout), (b.campaign_id, b.holdout, b.variant)${p.breakdown ? sql`, (b.campaign_id, b.holdout, b.bvalue)` : empty})
),
cohorts as (
  select campaign_id, cohort, sum(audience)::int as dormant, sum(reengaged)::int as reengaged
  from base where cohort is not null
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
