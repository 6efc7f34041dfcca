import { getDb } from "@/lib/db/client";
import { cliActor } from "@/lib/data/actor";
import { createProject } from "@/lib/data/projects";
import { withTransaction } from "@/lib/db/transaction";
import { rebuildActivity } from "@/lib/reports/rollups/activity-masks";
import { rebuildSequences } from "@/lib/reports/rollups/event-sequences";
import { rebuildSlots } from "@/lib/reports/rollups/activity-days";
import { rebuildPropertyKeys } from "@/lib/reports/rollups/property-keys";
import { refreshMembers } from "@/lib/reports/rollups/campaign-members";

type FixtureEvent = {
  person: string;
  name: string;
  at: string | null;
  properties?: Record<string, unknown>;
  session?: string;
  position?: number;
  revenue?: number;
};
type FixturePerson = { id: string; plan?: string; signup?: string; properties?: Record<string, unknown> };
export type FixtureSend = {
  person: string;
  campaign: string;
  name?: string;
  channel?: string;
  variant?: string;
  holdout?: boolean;
  sent: string;
  bounced?: string;
  opened?: string;
  clicked?: string;
  unsubscribed?: string;
};

/** A small project written straight into the tables, for reports whose numbers are worked out by hand. */
export async function createFixtureProject(slug: string, timezone: string, people: FixturePerson[], events: FixtureEvent[], sends: FixtureSend[] = []) {
  const project = await createProject(cliActor, { slug, timezone });
  const { pool } = await getDb();
  for (const p of people)
    await pool.query("insert into people (project_id, person_id, plan, signup_at, properties) values ($1, $2, $3, $4, $5)", [
      project.id, p.id, p.plan ?? null, p.signup ?? null, JSON.stringify(p.properties ?? {}),
    ]);
  for (const e of events)
    await pool.query(
      "insert into events (project_id, person_id, name, occurred_at, session_id, position, properties, revenue) values ($1, $2, $3, $4, $5, $6, $7, $8)",
      [project.id, e.person, e.name, e.at, e.session ?? null, e.position ?? null, JSON.stringify(e.properties ?? {}), e.revenue ?? null],
    );
  for (const s of sends)
    await pool.query(
      `insert into campaign_sends (project_id, person_id, campaign_id, campaign_name, channel, variant, holdout, sent_at, bounced_at, opened_at, clicked_at, unsubscribed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [project.id, s.person, s.campaign, s.name ?? null, s.channel ?? "email", s.variant ?? null, s.holdout ?? false, s.sent, s.bounced ?? null, s.opened ?? null, s.clicked ?? null, s.unsubscribed ?? null],
    );
  // Written past the import path, so the rollups are rebuilt here as an upload would keep them.
  await withTransaction(pool, {}, async (client) => {
    await rebuildActivity(client, project);
    await rebuildSequences(client, project.id);
    await rebuildSlots(client, project.id);
    await rebuildPropertyKeys(client, project.id);
    await refreshMembers(client, project.id);
  });
  return project;
}
