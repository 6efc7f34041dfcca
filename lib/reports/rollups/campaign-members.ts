import "server-only";
import type pg from "pg";
import { empty, runSql, sql, type Sql } from "@/lib/db/sql";

/**
 * The member rollup behind campaign KPIs (docs/campaigns.md, "How it is computed"): one row per
 * campaign and person, as the report counts them — in the arm (holdout, variant) and channel of their first send, timed
 * from it — with the first time of each outcome over all of their sends of the campaign, so that "opened as of as_of"
 * is `opened_at <= as_of`. The report reads these rows in parallel instead of sorting every send by campaign and person
 * in one process; members whose sends the report's range or as_of cuts are counted from their sends as before. Every
 * function here runs inside the caller's transaction, the one that changes the sends or the events.
 *
 * Each row also holds what the member's events say around the first send, read off their sequence (event-sequences.ts):
 * the last event before it (dormancy), the person's first event (the cohort of those without a signup time), and the
 * events of the FOLLOW_UP_DAYS from it — times, names, and the revenue from the send to each. A report whose window
 * is no longer then reads every member's outcome from their own row, with no lookup of the person's sequence: the
 * lookup (a hash of every person's sequence, probed once per member) was most of the report's time at scale.
 */

/** How far after the send each member's events are kept: windows up to this long are answered from the rollup alone. */
export const FOLLOW_UP_DAYS = 31;

const FOLLOW_UP_COLUMNS = sql`before_at, first_event_at, follow_up_ats, follow_up_names, follow_up_revenue`;

/**
 * The follow-up columns of a member sent at `t`, from their sequence row `q` (all null when they have none), as a
 * select list, with the lateral join it reads after `q`: `k` events came before the send and `u` before FOLLOW_UP_DAYS
 * after it. Untimed events (infinity) are neither before nor among the follow-ups. The revenue from the send to each
 * follow-up event is a difference of the sequence's running totals, kept only when some revenue falls among them.
 */
function followUps(t: Sql) {
  const before = sql`${t} - interval '1 microsecond'`;
  const horizon = sql`${t} + ${`${FOLLOW_UP_DAYS} days`}::interval - interval '1 microsecond'`;
  const totalBy = (at: Sql) => sql`coalesce(q.revenue_sums[width_bucket(${at}, q.revenue_ats)], 0)`;
  return {
    positions: sql`cross join lateral (select width_bucket(${before}, q.ats) as k, width_bucket(${horizon}, q.ats) as u) f`,
    select: sql`q.ats[f.k] as before_at, nullif(q.ats[1], 'infinity') as first_event_at,
      case when f.u > f.k then q.ats[f.k + 1:f.u] end as follow_up_ats,
      case when f.u > f.k then q.names[f.k + 1:f.u] end as follow_up_names,
      case when f.u > f.k and width_bucket(q.ats[f.u], q.revenue_ats) > width_bucket(${before}, q.revenue_ats) then
        array(select ${totalBy(sql`a`)} - ${totalBy(before)} from unnest(q.ats[f.k + 1:f.u]) with ordinality x(a, i) order by i)
      end as follow_up_revenue`,
  };
}

/**
 * Recounts the members of the (person_id, campaign_id) pairs that `pairs` selects (all of the project's when omitted)
 * from the sends they have now: a pair left without sends leaves no row. The first send is the earliest, a holdout
 * row first on a tie, as the report orders them.
 */
export async function refreshMembers(client: pg.PoolClient, projectId: string, pairs?: Sql) {
  const pid = sql`${projectId}::uuid`;
  const ofPairs = (alias: Sql) => (pairs ? sql`and (${alias}.person_id, ${alias}.campaign_id) in (${pairs})` : empty);
  await runSql(client, sql`delete from campaign_members m where m.project_id = ${pid} ${ofPairs(sql`m`)}`);
  const f = followUps(sql`firsts.sent_at`);
  await runSql(
    client,
    sql`insert into campaign_members (project_id, person_id, campaign_id, sent_at, last_sent_at, campaign_name, holdout, variant, channel,
        bounced_at, opened_at, clicked_at, unsubscribed_at, ${FOLLOW_UP_COLUMNS})
      select ${pid}, firsts.person_id, campaign_id, sent_at, last_sent_at, campaign_name, holdout, variant, channel,
        bounced_at, opened_at, clicked_at, unsubscribed_at, ${f.select}
      from (
        select s.person_id, s.campaign_id, s.sent_at, s.holdout, s.variant, s.channel, row_number() over member as n,
          max(s.sent_at) over member as last_sent_at, max(s.campaign_name) over member as campaign_name,
          min(s.bounced_at) over member as bounced_at,
          -- A click is an open, whether or not the open was recorded.
          min(least(s.opened_at, s.clicked_at)) over member as opened_at,
          min(s.clicked_at) over member as clicked_at, min(s.unsubscribed_at) over member as unsubscribed_at
        from campaign_sends s
        where s.project_id = ${pid} ${ofPairs(sql`s`)}
        -- One sort for the first send and the whole member's figures (the frame is all their sends), in byte order
        -- ("C", as person ids are stored): the ids only need grouping, and the locale's collation sorts twice as slowly.
        window member as (partition by s.person_id, s.campaign_id collate "C" order by s.sent_at, s.holdout desc
          rows between unbounded preceding and unbounded following)
      ) firsts
      left join event_sequences q on q.project_id = ${pid} and q.person_id = firsts.person_id
      ${f.positions}
      where n = 1`,
  );
}

/**
 * After the sequences of some people (all of the project's when `people` is omitted) were rebuilt: their members'
 * follow-up columns, read again from them. A person left with no events has them emptied.
 *
 * `people` is a query of (person_id, added_at): when events were only added, the time of the person's earliest added
 * event, else null. A member whose send's follow-up days ended by then, and whose person's first event was no later,
 * cannot have changed: the added events are after the send and its follow-ups, and none is a new first event. An
 * upload of the latest month into a project of earlier campaigns then reads the members of the recent sends only.
 */
export async function refreshFollowUps(client: pg.PoolClient, projectId: string, people?: Sql) {
  const pid = sql`${projectId}::uuid`;
  const f = followUps(sql`m.sent_at`);
  const members = people
    ? sql`(${people}) p(person_id, added_at) join campaign_members m on m.project_id = ${pid} and m.person_id = p.person_id`
    : sql`campaign_members m`;
  const mayChange = people
    ? sql`and (p.added_at is null or p.added_at < m.sent_at + ${`${FOLLOW_UP_DAYS} days`}::interval or p.added_at < m.first_event_at or m.first_event_at is null)`
    : empty;
  await runSql(
    client,
    sql`update campaign_members c set (${FOLLOW_UP_COLUMNS}) = (n.before_at, n.first_event_at, n.follow_up_ats, n.follow_up_names, n.follow_up_revenue)
      from (
        select m.person_id, m.campaign_id, ${f.select}
        from ${members}
        left join event_sequences q on q.project_id = ${pid} and q.person_id = m.person_id
        ${f.positions}
        where m.project_id = ${pid} ${mayChange}
      ) n
      where c.project_id = ${pid} and c.person_id = n.person_id and c.campaign_id = n.campaign_id
        -- A row whose follow-ups come out as they were keeps its version: no new row, no new index entries.
        and (c.before_at, c.first_event_at, c.follow_up_ats, c.follow_up_names, c.follow_up_revenue) is distinct from (n.before_at, n.first_event_at, n.follow_up_ats, n.follow_up_names, n.follow_up_revenue)`,
  );
}

/**
 * After sends are added: the members of the (person_id, campaign_id) pairs that `pairs` selects, or the whole
 * project's when it had none before, which reads the sends once instead of matching them with the upload's pairs.
 */
export async function addMembers(client: pg.PoolClient, projectId: string, pairs: Sql) {
  const { rows } = await client.query<{ any: boolean }>("select exists (select 1 from campaign_members where project_id = $1) as any", [projectId]);
  await refreshMembers(client, projectId, rows[0]!.any ? pairs : undefined);
}
