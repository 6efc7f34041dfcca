-- Revenue in the sequence rollup, for campaign KPIs (lib/reports/rollups/event-sequences.ts): each person's timed events
-- with revenue, as their times and the running total of revenue at each, in the person's order. Revenue between two
-- times is then the difference of two running totals; null for a person without revenue.
ALTER TABLE "event_sequences" ADD COLUMN "revenue_ats" TIMESTAMPTZ(3)[], ADD COLUMN "revenue_sums" DECIMAL(14, 2)[];

UPDATE "event_sequences" q
SET revenue_ats = r.ats, revenue_sums = r.sums
FROM (
  SELECT project_id, person_id,
    array_agg(occurred_at ORDER BY occurred_at, upload_id, position, name) AS ats,
    array_agg(total ORDER BY occurred_at, upload_id, position, name) AS sums
  FROM (
    SELECT project_id, person_id, occurred_at, upload_id, position, name,
      sum(revenue) OVER (PARTITION BY project_id, person_id ORDER BY occurred_at, upload_id, position, name ROWS UNBOUNDED PRECEDING) AS total
    FROM "events"
    WHERE revenue IS NOT NULL AND occurred_at IS NOT NULL
  ) e
  GROUP BY project_id, person_id
) r
WHERE q.project_id = r.project_id AND q.person_id = r.person_id;
