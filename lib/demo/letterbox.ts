import { LETTERBOX_SLUG, demoProject } from "./projects";
import { createRng, deriveSeed, weighted } from "./random";
import { growth, HOURS, monthFactor, weekdayFactor } from "./seasonality";
import { planSignups } from "./signups";
import { buildTimeline, type Timeline } from "./timeline";
import type { CampaignSendRow, DemoDataset, DemoDatasetOptions, EventRow, PersonRow } from "./types";

/**
 * The Weekly Letter, a B2C newsletter: subscribers join month by month, receive one email campaign a week while
 * subscribed, open and click less as their subscription ages, sometimes unsubscribe, and sometimes come back.
 * Each weekly issue tests two subject lines (B, a question, is opened a little more often). On the first Thursday of
 * each month a supporter drive asks readers to become paying supporters, with a tenth of the audience held out:
 * readers of the drive convert more often than the holdout, who become supporters only on their own.
 */

export const LETTERBOX_PEOPLE = 4_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const TOPICS = ["Slow mornings", "The cost of convenience", "Notes from a night train", "What we read this month", "Small kitchens, big meals", "On walking", "The repair issue", "Letters from readers", "A year of bread", "City trees", "The quiet web", "Buying less, better", "Summer reading list", "Winter light"];
const SOURCE = weighted([["homepage", 40], ["referral", 25], ["social", 20], ["podcast", 10], ["search", 5]] as const);
const COUNTRY = weighted([["GB", 30], ["US", 28], ["DE", 8], ["IE", 6], ["CA", 7], ["AU", 6], ["NL", 5], ["FR", 5], ["SE", 5]] as const);
const LINKS = ["https://weeklyletter.example/essay", "https://weeklyletter.example/archive", "https://weeklyletter.example/shop", "https://weeklyletter.example/events"];
// Readers: a third devoted, a third occasional, a third mostly ignoring the email.
const ENGAGEMENT = weighted([[0.85, 36], [0.45, 36], [0.12, 28]] as const);

type Campaign = { id: string; name: string; sentAt: number; drive: boolean };
const SUBJECTS = ["A: statement", "B: question"] as const;
const SUPPORTER_PRICE = 48;

/** ISO 8601 week-numbering year and week of a UTC instant. */
function isoWeek(ms: number): { year: number; week: number } {
  const d = new Date(ms);
  const date = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const thursday = date + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) };
}

/** One campaign every Tuesday at 08:00 local time during the period. */
function weeklyCampaigns(timeline: Timeline): Campaign[] {
  const campaigns: Campaign[] = [];
  for (const day of timeline.days) {
    const sentAt = day.start + 8 * HOUR_MS;
    if (day.weekday !== 2 || sentAt > timeline.end) continue;
    const { year, week } = isoWeek(sentAt);
    const issue = 180 + campaigns.length;
    const id = `wk-${year}-${String(week).padStart(2, "0")}`;
    campaigns.push({ id, name: `The Weekly Letter #${issue}: ${TOPICS[issue % TOPICS.length]}`, sentAt, drive: false });
  }
  return campaigns;
}

/** The supporter drive: the first Thursday of each month at 10:00 local time. */
function supporterDrives(timeline: Timeline): Campaign[] {
  const drives: Campaign[] = [];
  for (const day of timeline.days) {
    const sentAt = day.start + 10 * HOUR_MS;
    if (day.weekday !== 4 || new Date(day.start).getUTCDate() > 7 || sentAt > timeline.end) continue;
    const month = new Date(sentAt).toISOString().slice(0, 7);
    drives.push({ id: `drive-${month}`, name: `Supporter drive ${month}`, sentAt, drive: true });
  }
  return drives;
}

class Letterbox {
  readonly timeline: Timeline;
  readonly campaigns: Campaign[];
  private readonly signupDays: Int32Array;

  constructor(private readonly options: DemoDatasetOptions) {
    this.timeline = buildTimeline(options.endDate, demoProject(LETTERBOX_SLUG).timezone);
    this.campaigns = [...weeklyCampaigns(this.timeline), ...supporterDrives(this.timeline)].sort((a, b) => a.sentAt - b.sentAt);
    this.signupDays = planSignups(createRng(deriveSeed(options.seed, LETTERBOX_SLUG, "signups")), this.timeline, LETTERBOX_PEOPLE, (day) =>
      growth(this.timeline, day, 1.7) * weekdayFactor(day, [0.8, 1.1, 1.25, 1.1, 1, 0.95, 0.75]) * monthFactor(day, [1.35, 1.1, 1, 1, 0.95, 0.85, 0.8, 0.85, 1.05, 1.05, 1, 0.9]),
    );
  }

  simulate(i: number): { person: PersonRow; events: EventRow[]; sends: CampaignSendRow[] } {
    const rng = createRng(deriveSeed(this.options.seed, LETTERBOX_SLUG, i));
    const personId = `u_${String(i + 1).padStart(6, "0")}`;
    const end = this.timeline.end;
    const subscribedAt = this.timeline.timeIn(rng, this.timeline.days[this.signupDays[i]!]!, HOURS.reading);
    const source = SOURCE(rng);
    const engagement = ENGAGEMENT(rng) * rng.uniform(0.8, 1.2);
    const events: EventRow[] = [];
    const sends: CampaignSendRow[] = [];
    const at = (ms: number) => (ms <= end ? new Date(ms) : null);
    const event = (name: string, ms: number, properties: Record<string, unknown> = {}) => {
      if (ms <= end) events.push({ personId, name, occurredAt: new Date(ms), properties });
    };

    // Half the subscribers looked around the site in the days before subscribing.
    const lookedAround = rng.chance(0.5) ? subscribedAt - rng.exponential(3) * DAY_MS : subscribedAt;
    const firstVisit = lookedAround >= this.timeline.start ? Math.floor(lookedAround) : subscribedAt;
    if (firstVisit < subscribedAt) event("Visit site", firstVisit, { via: "direct" });
    event("Subscribe", subscribedAt, { source });

    let subscribed = true;
    let supporter = false;
    let since = subscribedAt;
    const support = (ms: number) => {
      if (supporter || ms > end) return;
      supporter = true;
      events.push({ personId, name: "Become supporter", occurredAt: new Date(ms), properties: { price: SUPPORTER_PRICE }, revenue: SUPPORTER_PRICE });
    };
    let resubscribeAt = Infinity;
    for (const campaign of this.campaigns) {
      if (!subscribed && campaign.sentAt >= resubscribeAt) {
        subscribed = true;
        since = resubscribeAt;
        event("Resubscribe", resubscribeAt);
      }
      if (!subscribed || campaign.sentAt < since) continue;
      const holdout = campaign.drive && rng.chance(0.1);
      const variant = campaign.drive ? null : rng.pick(SUBJECTS);
      const send: CampaignSendRow = {
        personId, campaignId: campaign.id, campaignName: campaign.name, channel: "email", variant, holdout, sentAt: new Date(campaign.sentAt),
        deliveredAt: null, bouncedAt: null, openedAt: null, clickedAt: null, unsubscribedAt: null,
      };
      sends.push(send);
      // Some readers become supporters on their own, drive or not: the holdout's conversion is this alone.
      if (campaign.drive && rng.chance(0.015 * engagement)) support(campaign.sentAt + rng.uniform(0, 14) * DAY_MS);
      if (holdout) continue;
      if (rng.chance(0.02)) {
        send.bouncedAt = at(campaign.sentAt + rng.int(1, 90) * 1000);
        continue;
      }
      const delivered = campaign.sentAt + rng.int(2, 120) * 1000;
      send.deliveredAt = at(delivered);
      // Interest fades over months; a resubscription starts it afresh.
      const ageWeeks = (campaign.sentAt - since) / (7 * DAY_MS);
      const openChance = engagement * (0.55 + 0.45 * Math.exp(-ageWeeks / 20)) * (variant === "B: question" ? 1.08 : 1);
      let touched = delivered;
      if (rng.chance(openChance)) {
        const opened = delivered + Math.min(rng.logNormal(3, 1.4), 24 * 6) * HOUR_MS;
        send.openedAt = at(opened);
        event("Open email", opened, { campaign_id: campaign.id });
        touched = opened;
        if (rng.chance(0.25)) {
          const clicked = opened + rng.int(5, 600) * 1000;
          const url = rng.pick(LINKS);
          send.clickedAt = at(clicked);
          event("Click link", clicked, { campaign_id: campaign.id, url });
          if (rng.chance(0.85)) event("Visit site", clicked + rng.int(1, 20) * 1000, { via: "email", url });
        }
        if (campaign.drive && rng.chance(0.05)) support(opened + rng.exponential(1.5) * DAY_MS);
      }
      // Unsubscribing comes mostly from those who stopped reading.
      if (rng.chance(0.0008 + 0.0035 * (1 - Math.min(1, openChance)))) {
        const unsubscribed = touched + rng.int(10, 3600) * 1000;
        if (unsubscribed <= end) {
          send.unsubscribedAt = new Date(unsubscribed);
          event("Unsubscribe", unsubscribed, { campaign_id: campaign.id });
          subscribed = false;
          resubscribeAt = rng.chance(0.2) ? Math.floor(unsubscribed + rng.uniform(14, 90) * DAY_MS) : Infinity;
        }
      }
    }
    // Readers also come to the site on their own, less often as time goes on.
    for (let t = subscribedAt + rng.exponential(20 / engagement) * DAY_MS; t <= end; t += rng.exponential(10 / engagement) * DAY_MS * (1 + (t - subscribedAt) / (90 * DAY_MS))) {
      event("Visit site", t, { via: rng.chance(0.6) ? "direct" : "search" });
    }

    const person: PersonRow = {
      personId,
      firstSeen: new Date(firstVisit),
      signupAt: new Date(subscribedAt),
      plan: supporter ? "supporter" : "free",
      source,
      country: COUNTRY(rng),
      properties: { subscribed, topics: [rng.pick(["culture", "food", "travel"]), rng.pick(["books", "design", "cities"])] },
    };
    return { person, events, sends };
  }
}

export function letterboxDataset(options: DemoDatasetOptions): DemoDataset {
  const letterbox = new Letterbox(options);
  const each = function* <T>(pick: (s: ReturnType<Letterbox["simulate"]>) => T[]) {
    for (let i = 0; i < LETTERBOX_PEOPLE; i++) yield* pick(letterbox.simulate(i));
  };
  return {
    ...demoProject(LETTERBOX_SLUG),
    files: [
      {
        kind: "demo:events",
        fileName: "demo generator: newsletter subscribers and events",
        people: () => each((s) => [s.person]),
        events: () => each((s) => s.events),
      },
      { kind: "demo:campaign_sends", fileName: "demo generator: weekly campaign sends", campaignSends: () => each((s) => s.sends) },
    ],
  };
}
