-- What each campaign member's events say around their first send (lib/reports/rollups/campaign-members.ts): the last
-- event before it, the person's first event, and the events of the 31 days from it with the revenue from the send
-- to each, so that campaign KPIs with a window of up to 31 days read each member's outcome from their own row.
ALTER TABLE "campaign_members" ADD COLUMN "before_at" TIMESTAMPTZ(3),
ADD COLUMN "first_event_at" TIMESTAMPTZ(3),
ADD COLUMN "follow_up_ats" TIMESTAMPTZ(3)[],
ADD COLUMN "follow_up_names" TEXT[],
ADD COLUMN "follow_up_revenue" NUMERIC[];

-- The rows already kept, from their members' sequences (as refreshFollowUps does).
UPDATE "campaign_members" c SET (before_at, first_event_at, follow_up_ats, follow_up_names, follow_up_revenue) = (
    n.before_at, n.first_event_at, n.follow_up_ats, n.follow_up_names, n.follow_up_revenue)
FROM (
    SELECT m.project_id, m.person_id, m.campaign_id, q.ats[f.k] AS before_at, nullif(q.ats[1], 'infinity') AS first_event_at,
        CASE WHEN f.u > f.k THEN q.ats[f.k + 1:f.u] END AS follow_up_ats,
        CASE WHEN f.u > f.k THEN q.names[f.k + 1:f.u] END AS follow_up_names,
        CASE WHEN f.u > f.k AND width_bucket(q.ats[f.u], q.revenue_ats) > width_bucket(m.sent_at - interval '1 microsecond', q.revenue_ats) THEN
            array(SELECT coalesce(q.revenue_sums[width_bucket(a, q.revenue_ats)], 0)
                    - coalesce(q.revenue_sums[width_bucket(m.sent_at - interval '1 microsecond', q.revenue_ats)], 0)
                FROM unnest(q.ats[f.k + 1:f.u]) WITH ORDINALITY x(a, i) ORDER BY i)
        END AS follow_up_revenue
    FROM "campaign_members" m
    LEFT JOIN "event_sequences" q ON q.project_id = m.project_id AND q.person_id = m.person_id
    CROSS JOIN LATERAL (SELECT width_bucket(m.sent_at - interval '1 microsecond', q.ats) AS k,
        width_bucket(m.sent_at + interval '31 days' - interval '1 microsecond', q.ats) AS u) f
) n
WHERE c.project_id = n.project_id AND c.person_id = n.person_id AND c.campaign_id = n.campaign_id;

-- Whether a report's range cuts some member's sends is a range of this index (lib/reports/campaigns/query.ts).
CREATE INDEX "campaign_members_project_id_last_sent_at_idx" ON "campaign_members" ("project_id", "last_sent_at");
