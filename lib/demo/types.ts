/** Rows as the demo datasets produce them; the loader adds project_id and upload_id and streams them with COPY. */

import type { PersonAttribute } from "@/lib/person-attributes";

export type Json = { [key: string]: unknown };

export type PersonRow = {
  personId: string;
  firstSeen: Date | null;
  signupAt: Date | null;
  properties?: Json;
} & { [attribute in PersonAttribute]?: string | null };

export type EventRow = {
  personId: string;
  name: string;
  occurredAt: Date | null;
  sessionId?: string | null;
  position?: number | null;
  properties?: Json;
  revenue?: number | null;
};

export type CampaignSendRow = {
  personId: string;
  campaignId: string;
  campaignName: string | null;
  channel: string;
  variant: string | null;
  /** In the audience but not sent: a comparison group, counted from `sentAt`, when it would have been sent. */
  holdout: boolean;
  sentAt: Date;
  deliveredAt: Date | null;
  bouncedAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  unsubscribedAt: Date | null;
};

export type SpendRow = {
  /** YYYY-MM-DD in the project's timezone. */
  day: string;
  channel: string;
  campaign: string | null;
  platform: string | null;
  cost: number;
  currency: string;
  clicks: number | null;
  impressions: number | null;
};

/**
 * One "file" of a demo project, recorded as one uploads row whose id every row of it carries. Each table is a
 * function returning a fresh lazy iterable, so the loader can stream the tables one COPY after another.
 */
export type DemoFile = {
  kind: string;
  fileName: string;
  people?: () => Iterable<PersonRow>;
  events?: () => Iterable<EventRow>;
  campaignSends?: () => Iterable<CampaignSendRow>;
  spend?: () => Iterable<SpendRow>;
};

export type DemoDataset = {
  slug: string;
  name: string;
  timezone: string;
  files: DemoFile[];
};

export type DemoDatasetOptions = { seed: number; endDate: Date };
