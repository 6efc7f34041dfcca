import "server-only";
import type pg from "pg";
import { empty, runSql, sql, type Sql } from "@/lib/db/sql";

/**
 * The member rollup behind campaign KPIs (docs/campaigns.md, "How it is computed"): one row per
 * campaign and person, as the report counts them — in the arm (holdout, variant) and channel of their first send, timed
 * from it — with the first time of each outcome over all of their sends of the campaign, so that "opened as of as_of"
 * is `opened_at <= as_of`. The report reads these rows in parallel instead of sorting every send by campaign and person
 * in one process; members whose sends the report's range or as_of cuts are counted from their sends as before. Every
 * function here runs inside the caller's transaction, the one that changes the sends.
 */

/**
 * Recounts the members of the (person_id, campaign_id) pairs that `pairs` selects (all of the project's when omitted)
 * from the sends they have now: a pair left without sends leaves no row. The first send is the earliest, a holdout
 * row first on a tie, as the report orders them.
 */
export async function refreshMembers(client: pg.PoolClient, projectId: string, pairs?: Sql) {
  const pid = sql`${projectId}::uuid`;
  const ofPairs = (alias: Sql) => (pairs ? sql`and (${alias}.person_id, ${alias}.campaign_id) in (${pairs})` : empty);
  await runSql(client, sql`delete from campaign_members m where m.project_id = ${pid} ${ofPairs(sql`m`)}`);
  await runSql(
    client,
    sql`insert into campaign_members (project_id, person_id, campaign_id, sent_at, last_sent_at, campaign_name, holdout, variant, channel,
        bounced_at, opened_at, clicked_at, unsubscribed_at)
      select ${pid}, person_id, campaign_id, sent_at, last_sent_at, campaign_name, holdout, variant, channel,
        bounced_at, opened_at, clicked_at, unsubscribed_at
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
        -- ("C"): the ids only need grouping, and the locale's collation sorts twice as slowly.
        window member as (partition by s.person_id collate "C", s.campaign_id collate "C" order by s.sent_at, s.holdout desc
          rows between unbounded preceding and unbounded following)
      ) firsts
      where n = 1`,
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
