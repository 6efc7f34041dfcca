import "server-only";
import type pg from "pg";
import type { Db } from "@/lib/db/client";
import { copyRows } from "@/lib/db/copy-rows";
import { dropSegments } from "@/lib/ingest/event-segment";
import { withTransaction } from "@/lib/db/transaction";
import { markProjectChanged } from "@/lib/reports/data-version";
import { rebuildActivity } from "@/lib/reports/rollups/activity-masks";
import { rebuildSequences } from "@/lib/reports/rollups/event-sequences";
import { rebuildSlots } from "@/lib/reports/rollups/activity-days";
import { rebuildPropertyKeys } from "@/lib/reports/rollups/property-keys";
import { refreshMembers } from "@/lib/reports/rollups/campaign-members";
import { PERSON_ATTRIBUTES } from "@/lib/person-attributes";
import { demoDatasets } from "./datasets";
import type { CampaignSendRow, DemoDataset, DemoFile, EventRow, PersonRow, SpendRow } from "./types";

export type DemoSummary = {
  projects: { slug: string; name: string; people: number; events: number }[];
  totalEvents: number;
  seconds: number;
};

export type LoadDemoOptions = { endDate?: Date; seed?: number; onProgress?: (message: string) => void };

// Every table holding a project's data; all of a demo project's rows are replaced on each load.
const PROJECT_TABLES = ["events", "people", "campaign_sends", "campaign_members", "spend", "uploads", "activity_masks", "activity_people", "event_sequences", "activity_days", "activity_spans", "event_slots", "property_keys"] as const;

function* mapRows<T>(rows: Iterable<T>, toRow: (row: T) => unknown[]): Generator<unknown[]> {
  for (const row of rows) yield toRow(row);
}

async function copyFile(client: pg.PoolClient, projectId: string, uploadId: number, file: DemoFile) {
  const counts: Record<string, number> = {};
  if (file.people) {
    counts.people = await copyRows(
      client,
      "people",
      ["project_id", "person_id", "first_seen", "signup_at", ...PERSON_ATTRIBUTES, "properties", "upload_id"],
      mapRows(file.people(), (p: PersonRow) => [
        projectId, p.personId, p.firstSeen, p.signupAt, ...PERSON_ATTRIBUTES.map((a) => p[a]), p.properties ?? {}, uploadId,
      ]),
    );
  }
  if (file.events) {
    counts.events = await copyRows(
      client,
      "events",
      ["project_id", "person_id", "name", "occurred_at", "session_id", "position", "properties", "revenue", "upload_id"],
      mapRows(file.events(), (e: EventRow) => [
        projectId, e.personId, e.name, e.occurredAt, e.sessionId, e.position, e.properties ?? {}, e.revenue, uploadId,
      ]),
    );
  }
  if (file.campaignSends) {
    counts.campaign_sends = await copyRows(
      client,
      "campaign_sends",
      [
        "project_id", "person_id", "campaign_id", "campaign_name", "channel", "variant", "holdout", "sent_at",
        "delivered_at", "bounced_at", "opened_at", "clicked_at", "unsubscribed_at", "upload_id",
      ],
      mapRows(file.campaignSends(), (s: CampaignSendRow) => [
        projectId, s.personId, s.campaignId, s.campaignName, s.channel, s.variant, s.holdout, s.sentAt,
        s.deliveredAt, s.bouncedAt, s.openedAt, s.clickedAt, s.unsubscribedAt, uploadId,
      ]),
    );
  }
  if (file.spend) {
    counts.spend = await copyRows(
      client,
      "spend",
      ["project_id", "day", "channel", "campaign", "platform", "cost", "currency", "clicks", "impressions", "upload_id"],
      mapRows(file.spend(), (s: SpendRow) => [
        projectId, s.day, s.channel, s.campaign, s.platform, s.cost, s.currency, s.clicks, s.impressions, uploadId,
      ]),
    );
  }
  return counts;
}

/** Replaces one demo project's data in a single transaction: readers see the old data or the new, never a mix. */
async function loadDataset(db: Db, dataset: DemoDataset, label: string) {
  const project = await db.prisma.project.upsert({
    where: { slug: dataset.slug },
    create: { slug: dataset.slug, name: dataset.name, timezone: dataset.timezone },
    update: { name: dataset.name, timezone: dataset.timezone },
  });
  const totals = { people: 0, events: 0 };
  await withTransaction(db.pool, {}, async (client) => {
    // Serialises concurrent loads of the same project, which would otherwise both delete and both insert.
    await client.query("select 1 from projects where id = $1 for update", [project.id]);
    await dropSegments(client, project.id);
    for (const table of PROJECT_TABLES) await client.query(`delete from ${table} where project_id = $1`, [project.id]);
    for (const file of dataset.files) {
      const { rows } = await client.query<{ id: number }>(
        `insert into uploads (project_id, file_name, kind, status) values ($1, $2, $3, 'running') returning id`,
        [project.id, `${file.fileName} ${label}`, file.kind],
      );
      const uploadId = rows[0]!.id;
      const counts = await copyFile(client, project.id, uploadId, file);
      await client.query(
        `update uploads set status = 'stored', counts = $2, finished_at = clock_timestamp() where id = $1`,
        [uploadId, JSON.stringify(counts)],
      );
      totals.people += counts.people ?? 0;
      totals.events += counts.events ?? 0;
    }
    await rebuildActivity(client, project);
    await rebuildSequences(client, project.id);
    await rebuildSlots(client, project.id);
    await rebuildPropertyKeys(client, project.id);
    await refreshMembers(client, project.id);
    await markProjectChanged(client, project.id);
  });
  return totals;
}

/**
 * (Re)creates the four demo projects from the seeded generator: the same seed and endDate give the same rows.
 * Each project is replaced in its own transaction, its rows streamed with COPY as they are generated.
 */
export async function loadDemo(db: Db, options: LoadDemoOptions = {}): Promise<DemoSummary> {
  const started = performance.now();
  const endDate = options.endDate ?? new Date();
  const seed = options.seed ?? 42;
  if (Number.isNaN(endDate.getTime())) throw new Error("loadDemo: invalid endDate");
  if (!Number.isSafeInteger(seed)) throw new Error("loadDemo: seed must be an integer");
  const progress = options.onProgress ?? (() => {});
  const label = `(seed ${seed}, until ${endDate.toISOString()})`;

  const datasets = demoDatasets({ seed, endDate });
  const projects: DemoSummary["projects"] = new Array(datasets.length);
  // Two projects at a time: while one connection's server process indexes rows, this process generates the
  // other's. Each project draws from its own random streams, so the rows do not depend on the interleaving.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < datasets.length; i = next++) {
      const dataset = datasets[i]!;
      const t0 = performance.now();
      progress(`Loading demo project ${dataset.slug} (${dataset.name})…`);
      const totals = await loadDataset(db, dataset, label).catch((error) => {
        next = datasets.length; // the other worker starts no further project
        throw error;
      });
      projects[i] = { slug: dataset.slug, name: dataset.name, ...totals };
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      progress(`${dataset.slug}: ${totals.people} people, ${totals.events} events in ${seconds} s`);
    }
  };
  // Settled before failing, so no load is still running in the background when loadDemo rejects.
  const failed = (await Promise.allSettled([worker(), worker()])).find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  // Fresh statistics, so the first reports after a load get sensible plans.
  await db.pool.query(`analyze ${PROJECT_TABLES.join(", ")}`);
  return {
    projects,
    totalEvents: projects.reduce((sum, p) => sum + p.events, 0),
    seconds: Math.round(performance.now() - started) / 1000,
  };
}
