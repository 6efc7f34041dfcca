-- Campaign KPIs' members (lib/reports/rollups/campaign-members.ts): one row per campaign and person, with their first
-- send's arm and channel and the first time of each outcome over all their sends of the campaign.
CREATE TABLE "campaign_members" (
    "project_id" UUID NOT NULL,
    "person_id" TEXT NOT NULL,
    "campaign_id" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL,
    "campaign_name" TEXT,
    "holdout" BOOLEAN NOT NULL,
    "variant" TEXT,
    "channel" TEXT NOT NULL,
    "bounced_at" TIMESTAMPTZ(3),
    "opened_at" TIMESTAMPTZ(3),
    "clicked_at" TIMESTAMPTZ(3),
    "unsubscribed_at" TIMESTAMPTZ(3),

    CONSTRAINT "campaign_members_pkey" PRIMARY KEY ("project_id","person_id","campaign_id")
);

-- Fill it from the sends, as the app counts a campaign-sends upload.
INSERT INTO "campaign_members" (project_id, person_id, campaign_id, sent_at, last_sent_at, campaign_name, holdout, variant, channel,
    bounced_at, opened_at, clicked_at, unsubscribed_at)
SELECT project_id, person_id, campaign_id, sent_at, last_sent_at, campaign_name, holdout, variant, channel,
    bounced_at, opened_at, clicked_at, unsubscribed_at
FROM (
    SELECT s.project_id, s.person_id, s.campaign_id, s.sent_at, s.holdout, s.variant, s.channel,
        row_number() OVER (member ORDER BY s.sent_at, s.holdout DESC) AS n,
        max(s.sent_at) OVER member AS last_sent_at, max(s.campaign_name) OVER member AS campaign_name,
        min(s.bounced_at) OVER member AS bounced_at, min(least(s.opened_at, s.clicked_at)) OVER member AS opened_at,
        min(s.clicked_at) OVER member AS clicked_at, min(s.unsubscribed_at) OVER member AS unsubscribed_at
    FROM "campaign_sends" s
    WINDOW member AS (PARTITION BY s.project_id, s.person_id, s.campaign_id)
) firsts
WHERE n = 1;
